using Microsoft.Extensions.Logging.Abstractions;
using Portal.Edge.Ocpp;

namespace Portal.Tests.Edge.Ocpp;

/// <summary>The edge's OCPP central system on 127.0.0.1 and a free port, started and stopped around one test.</summary>
internal sealed class RunningCentralSystem : IAsyncDisposable
{
    private RunningCentralSystem(OcppCentralSystem central) => Central = central;

    public OcppCentralSystem Central { get; }

    /// <summary><c>ws://127.0.0.1:port/ocpp</c>: a charge point appends <c>/&lt;id&gt;</c>.</summary>
    public Uri Endpoint => new($"ws://127.0.0.1:{Central.ListeningOn!.Port}/ocpp");

    public static async Task<RunningCentralSystem> StartAsync(TimeProvider? clock = null, Action<OcppOptions>? configure = null)
    {
        var options = new OcppOptions { ListenUrl = "http://127.0.0.1:0", CallTimeoutSeconds = 5, HeartbeatIntervalSeconds = 60 };
        configure?.Invoke(options);
        var central = new OcppCentralSystem(options, clock ?? TimeProvider.System, NullLoggerFactory.Instance);
        await central.StartAsync(CancellationToken.None);
        return new RunningCentralSystem(central);
    }

    /// <summary>Waits until <paramref name="condition"/> holds for the snapshot of <paramref name="chargerId"/>.</summary>
    public async Task<ChargerSnapshot> WaitForAsync(string chargerId, Func<ChargerSnapshot, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        ChargerSnapshot? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = Central.Snapshot().FirstOrDefault(s => s.ChargerId == chargerId);
            if (last is not null && condition(last))
            {
                return last;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"charger {chargerId} never reached the expected state; last: {last}");
        throw new InvalidOperationException();
    }

    public async ValueTask DisposeAsync() => await Central.DisposeAsync();
}
