using System.Threading.Channels;

namespace Portal.Energy;

/// <summary>Tells <see cref="EnergyBalanceWorker"/> that ranges were queued, so it need not poll the queue.</summary>
public sealed class EnergyBalanceSignal
{
    private readonly Channel<bool> _queued = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Many nudges before the worker wakes count as one.</summary>
    public void Nudge() => _queued.Writer.TryWrite(true);

    /// <summary>Waits for a nudge, at most <paramref name="timeout"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken ct)
    {
        using var timer = new CancellationTokenSource(timeout, clock);
        using var window = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
        try
        {
            await _queued.Reader.ReadAsync(window.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Nothing queued for a while: look anyway.
        }
    }
}
