using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Portal.Messaging;

namespace Portal.Edge.Sync;

/// <summary>
/// Drains the outbox oldest first in bounded batches; an entry leaves the outbox only after a PUBACK that says a
/// subscriber (or a queue of an absent one) took it.
/// Delivery is at-least-once: a PUBACK lost to a crash means the entry is published again, and the portal
/// deduplicates on (gateway, meter, interval start).
/// </summary>
public sealed class OutboxPublisher(OutboxStore store, IMqttConnection client, EdgeSyncOptions options, TimeProvider time, ILogger<OutboxPublisher> logger)
{
    // Capacity 1 and DropWrite: notifications coalesce into a single pending wake-up.
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private int _warnedNoSubscriber;

    /// <summary>New entries exist; wakes the publisher early (calls coalesce).</summary>
    public void Notify() => _wake.Writer.TryWrite(true);

    /// <summary>Publishes until the outbox is empty or a publish fails, intervals first, then control decisions. Returns how many entries were acknowledged.</summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken)
    {
        var acknowledged = 0;
        foreach (var lane in Enum.GetValues<OutboxLane>())
        {
            acknowledged += await DrainAsync(lane, cancellationToken).ConfigureAwait(false);
        }

        return acknowledged;
    }

    private async Task<int> DrainAsync(OutboxLane lane, CancellationToken cancellationToken)
    {
        var acknowledged = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = store.Oldest(options.BatchSize, lane);
            if (batch.Count == 0)
            {
                return acknowledged;
            }

            // All publishes of a batch are issued in sequence order before any is awaited: the broker keeps
            // per-client order, and the batch size bounds what is in flight (backpressure).
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.AckTimeout);
            var publishes = batch.Select(e => Publish(e, timeout.Token)).ToList();
            var outcomes = await Task.WhenAll(publishes).ConfigureAwait(false);
            var done = batch.Where((_, i) => outcomes[i]).Select(e => e.Sequence).ToList();
            store.Remove(done, lane);
            acknowledged += done.Count;
            if (done.Count > 0)
            {
                Interlocked.Exchange(ref _warnedNoSubscriber, 0);
            }

            if (done.Count < batch.Count)
            {
                return acknowledged;
            }
        }

        return acknowledged;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await client.WaitForStatusAsync(s => s.State == MqttConnectionState.Connected, cancellationToken).ConfigureAwait(false);
                var sent = await DrainAsync(cancellationToken).ConfigureAwait(false);
                if (sent > 0)
                {
                    logger.LogInformation("Outbox: {Count} messages acknowledged, {Left} intervals and {Decisions} control decisions left", sent, store.Count(), store.Count(OutboxLane.ControlDecisions));
                }

                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var woken = _wake.Reader.WaitToReadAsync(wait.Token).AsTask();
                await Task.WhenAny(woken, Task.Delay(options.RetryDelay, time, wait.Token)).ConfigureAwait(false);
                await wait.CancelAsync().ConfigureAwait(false);
                _wake.Reader.TryRead(out _);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Outbox drain failed; retrying in {Delay}", options.RetryDelay);
                await Task.Delay(options.RetryDelay, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<bool> Publish(OutboxEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            if (await client.PublishAsync(entry.Topic, entry.Payload, qos: 1, retain: false, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            // "No matching subscribers": the broker would drop it. This happens after a broker restart until the
            // portal subscribes again (mosquitto does not restore shared subscriptions of an absent session), or
            // before the portal ever subscribed. Kept, and published again at the next drain.
            if (Interlocked.Exchange(ref _warnedNoSubscriber, 1) == 0)
            {
                logger.LogWarning("The broker has no subscriber for {Topic} yet; intervals stay in the outbox until the portal subscribes", entry.Topic);
            }

            return false;
        }
        catch (Exception ex) when (ex is MqttException or OperationCanceledException)
        {
            // Stays in the outbox; the next drain retries it.
            return false;
        }
    }
}
