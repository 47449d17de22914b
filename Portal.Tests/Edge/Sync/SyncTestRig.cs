using Microsoft.Extensions.Logging.Abstractions;
using Portal.Edge.Intervals;
using Portal.Edge.Sync;
using Portal.Messaging;

namespace Portal.Tests.Edge.Sync;

/// <summary>An edge data directory with outbox, recorder and publisher around a given MQTT client.</summary>
internal sealed class SyncTestRig : IDisposable
{
    public SyncTestRig(string? directory = null)
    {
        Directory_ = directory ?? System.IO.Directory.CreateTempSubdirectory("edge-sync-").FullName;
        Options = new EdgeSyncOptions
        {
            SiteId = "s1",
            GatewayId = "gw-1",
            DataDirectory = Directory_,
            BatchSize = 20,
            AckTimeout = TimeSpan.FromSeconds(3),
            RetryDelay = TimeSpan.FromMilliseconds(100),
        };
        Store = OutboxStore.Open(Options.OutboxPath);
        Recorder = new IntervalRecorder(Store, new IntervalCalculator(), Options, TimeProvider.System);
    }

    public string Directory_ { get; }

    public EdgeSyncOptions Options { get; }

    public OutboxStore Store { get; }

    public IntervalRecorder Recorder { get; }

    public OutboxPublisher Publisher(IMqttConnection client) => new(Store, client, Options, TimeProvider.System, NullLogger<OutboxPublisher>.Instance);

    /// <summary>Records <paramref name="count"/> consecutive quarter-hours of meter m1 from <paramref name="from"/>, 100 Wh each.</summary>
    public void RecordQuarters(DateTimeOffset from, int count)
    {
        for (var i = 0; i <= count; i++)
        {
            var at = from.AddMinutes(15 * i);
            Recorder.Record(new RegisterSnapshot("m1", at, 10_000 + ((long)(at - Epoch).TotalMinutes / 15 * 100), 0));
        }
    }

    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public void Dispose() => Store.Dispose();
}
