using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Contracts.Mqtt;
using Portal.Data;
using Portal.Messaging;
using Portal.Telemetry;
using Portal.Tests.Support;

namespace Portal.Tests.Telemetry;

/// <summary>The portal's ingestion against a real SQLite file, fed the messages a gateway sends.</summary>
public sealed class IngestionTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Yesterday = QuarterFloor(DateTimeOffset.UtcNow.AddDays(-1));
    private PortalServer _server = null!;
    private TelemetrySite _site = null!;
    private TelemetryIngestion _ingestion = null!;
    private IngestionStatistics _statistics = null!;

    public async Task InitializeAsync()
    {
        _server = await PortalServer.StartAsync();
        _site = await TelemetrySite.CreateAsync(_server.App.Services);
        _ingestion = _server.App.Services.GetRequiredService<TelemetryIngestion>();
        _statistics = _server.App.Services.GetRequiredService<IngestionStatistics>();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_same_interval_delivered_twice_is_stored_once()
    {
        var interval = _site.Interval(_site.MeterIds[0], Yesterday, importWh: 1234, exportWh: 5);

        await _ingestion.IngestAsync([interval, interval], default);
        await _ingestion.IngestAsync([interval], default);

        var stored = await IntervalsAsync();
        var only = Assert.Single(stored);
        Assert.Equal((1234L, 5L), (only.ImportWh, only.ExportWh));
        Assert.Equal(Yesterday.UtcDateTime, only.StartUtc);
        Assert.Equal(2, _statistics.IntervalDuplicates);
    }

    [Fact]
    public async Task Intervals_of_several_meters_and_quarters_are_all_stored()
    {
        var messages = _site.MeterIds
            .SelectMany(m => Enumerable.Range(0, 8).Select(q => _site.Interval(m, Yesterday.AddMinutes(15 * q), 100 + q, sequence: q + 1)))
            .ToList();

        await _ingestion.IngestAsync(messages, default);

        Assert.Equal(_site.MeterIds.Count * 8, (await IntervalsAsync()).Count);
    }

    [Fact]
    public async Task Messages_from_unknown_or_impostor_gateways_and_foreign_meters_are_rejected_and_counted()
    {
        var other = await TelemetrySite.CreateAsync(_server.App.Services, gatewayId: "gw-other", meters: 1);
        var unknownGateway = new MqttMessage(Topics.Build(_site.SiteTopicId, "gw-nobody", TopicKind.Intervals), _site.Interval(_site.MeterIds[0], Yesterday, 1).Payload, 1, false);
        var impostor = _site.Interval(_site.MeterIds[0], Yesterday, 10, gatewayId: "gw-other");
        var foreignMeter = _site.Interval(other.MeterIds[0], Yesterday, 10);
        var unknownMeter = _site.Interval("gw-test-m99", Yesterday, 10);
        var wrongSite = new MqttMessage(Topics.Build(other.SiteTopicId, _site.GatewayId, TopicKind.Intervals), _site.Interval(_site.MeterIds[0], Yesterday, 1).Payload, 1, false);

        await _ingestion.IngestAsync([unknownGateway, impostor, foreignMeter, unknownMeter, wrongSite], default);

        Assert.Empty(await IntervalsAsync());
        var rejected = _statistics.RejectedByReason;
        Assert.Equal(1, rejected["unknown gateway"]);
        Assert.Equal(1, rejected["gateway mismatch"]);
        Assert.Equal(1, rejected["meter on another gateway"]);
        Assert.Equal(1, rejected["unknown meter"]);
        Assert.Equal(1, rejected["gateway not on this site"]);
    }

    [Fact]
    public async Task Impossible_energy_and_intervals_in_the_future_are_rejected()
    {
        var huge = _site.Interval(_site.MeterIds[0], Yesterday, importWh: 5_000_000);
        var future = _site.Interval(_site.MeterIds[0], QuarterFloor(DateTimeOffset.UtcNow.AddDays(2)), importWh: 10);

        await _ingestion.IngestAsync([huge, future], default);

        Assert.Empty(await IntervalsAsync());
        Assert.Equal(1, _statistics.RejectedByReason["impossible value"]);
        Assert.Equal(1, _statistics.RejectedByReason["interval in the future"]);
    }

    [Fact]
    public async Task Thousands_of_malformed_payloads_are_dropped_and_the_stored_data_stays_intact()
    {
        await _ingestion.IngestAsync([_site.Interval(_site.MeterIds[0], Yesterday, 777)], default);
        var random = new Random(42);
        var valid = _site.Interval(_site.MeterIds[1], Yesterday, 888).Payload.ToArray();
        var garbage = Enumerable.Range(0, 5000).Select(i => new MqttMessage(
            i % 5 == 0 ? $"sites/{_site.SiteTopicId}/gateways/{_site.GatewayId}/bogus" : _site.Topic(i % 2 == 0 ? TopicKind.Intervals : TopicKind.Live),
            Mutate(valid, random, i),
            1,
            false)).ToList();

        foreach (var chunk in garbage.Chunk(TelemetryIngestion.MaxBatch))
        {
            await _ingestion.IngestAsync(chunk, default);
        }

        await _ingestion.IngestAsync([_site.Interval(_site.MeterIds[2], Yesterday, 999)], default);
        var stored = await IntervalsAsync();
        Assert.Contains(stored, i => i.MeterId == _site.MeterIds[0] && i.ImportWh == 777);
        Assert.Contains(stored, i => i.MeterId == _site.MeterIds[2] && i.ImportWh == 999);
        Assert.All(stored, i => Assert.True(i.ImportWh >= 0 && i.ExportWh >= 0));
        Assert.True(_statistics.Rejected >= 4000, $"only {_statistics.Rejected} rejected");
    }

    [Fact]
    public async Task Live_values_keep_the_newest_per_meter_and_reach_subscribed_pages()
    {
        var feed = _server.App.Services.GetRequiredService<LiveMeterFeed>();
        var received = new List<LiveMeterValues>();
        using var subscription = feed.Subscribe(_site.SiteId, received.Add);
        var now = DateTimeOffset.UtcNow;

        await _ingestion.IngestAsync([_site.Live(_site.MeterIds[0], now.AddSeconds(-10), 1500m), _site.Live(_site.MeterIds[0], now, 2500m)], default);
        await _ingestion.IngestAsync([_site.Live(_site.MeterIds[0], now.AddSeconds(-20), 999m)], default);

        await using var db = await Db();
        var live = await db.MeterLiveReadings.SingleAsync();
        Assert.Equal(2500m, live.ActivePowerW);
        Assert.Equal(2500m, received[0].ActivePowerW);
    }

    [Fact]
    public async Task Gateway_status_and_configuration_acknowledgements_are_recorded()
    {
        var now = DateTimeOffset.UtcNow;

        await _ingestion.IngestAsync([_site.Status(GatewayState.Online, now, backlog: 12), _site.Ack(3, ConfigOutcome.Rejected, now, "unit id 5 used twice on bus b1")], default);
        await _ingestion.IngestAsync([_site.Ack(2, ConfigOutcome.Applied, now)], default);

        await using var db = await Db();
        var gateway = await db.Gateways.SingleAsync(g => g.Id == _site.GatewayId);
        Assert.True(gateway.IsOnline);
        Assert.Equal(12, gateway.OutboxBacklog);
        Assert.Equal(3, gateway.AckedConfigVersion);
        Assert.Equal("Rejected", gateway.ConfigOutcome);
        Assert.Equal("unit id 5 used twice on bus b1", gateway.ConfigRejectReason);

        await _ingestion.IngestAsync([_site.Status(GatewayState.Offline, now.AddMinutes(1))], default);
        await using var after = await Db();
        Assert.False((await after.Gateways.SingleAsync(g => g.Id == _site.GatewayId)).IsOnline);
    }

    private static ReadOnlyMemory<byte> Mutate(byte[] valid, Random random, int i)
    {
        var bytes = (byte[])valid.Clone();
        switch (i % 4)
        {
            case 0:
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                return bytes;
            case 1:
                return bytes.AsMemory(0, random.Next(bytes.Length));
            case 2:
                return Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace("\"importWh\":888", "\"importWh\":-888", StringComparison.Ordinal));
            default:
                return Encoding.UTF8.GetBytes("{\"schema\":99}");
        }
    }

    private static DateTimeOffset QuarterFloor(DateTimeOffset t) => new(t.Ticks - (t.Ticks % TimeSpan.FromMinutes(15).Ticks), TimeSpan.Zero);

    private async Task<PortalDbContext> Db() =>
        await _server.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    private async Task<List<MeterInterval>> IntervalsAsync()
    {
        await using var db = await Db();
        return await db.MeterIntervals.AsNoTracking().ToListAsync();
    }
}
