using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Contracts.Mqtt;
using Portal.Data;
using Portal.Messaging;
using Portal.Telemetry;
using Portal.Tests.Messaging;
using Portal.Tests.Support;

namespace Portal.Tests.Telemetry;

/// <summary>Gateway -> real mosquitto -> portal ingestion -> SQLite, and portal -> gateway configuration.</summary>
public sealed class BrokerIngestionTests : IAsyncLifetime
{
    private const string GatewayId = MqttTestClients.GatewayUser;
    private TelemetryChain _chain = null!;
    private PortalServer _server = null!;
    private TelemetrySite _site = null!;
    private MqttConnection _gateway = null!;

    public async Task InitializeAsync()
    {
        // Broker and portal of the chain; this class publishes as the gateway itself, so no edge and no seeded site.
        _chain = new TelemetryChain(DateTimeOffset.UtcNow, speed: 1, standInIntervals: false);
        _server = await _chain.StartPortalAsync(seedSite: false);
        _site = await TelemetrySite.CreateAsync(_server.App.Services, gatewayId: GatewayId, meters: 2);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        _gateway = await MqttTestClients.ConnectedAsync(
            MqttTestClients.Options(_chain.Broker, "gateway", MqttTestClients.GatewayUser, MqttTestClients.GatewayPassword), timeout.Token);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _chain.DisposeAsync();
    }

    [Fact]
    public async Task Intervals_published_by_a_gateway_are_stored_by_the_portal()
    {
        var start = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-1), TimeSpan.Zero);
        for (var q = 0; q < 20; q++)
        {
            var message = _site.Interval(_site.MeterIds[q % 2], start.AddMinutes(15 * (q / 2)), 100 + q, sequence: q + 1);
            await _gateway.PublishAsync(message.Topic, message.Payload, 1, false, default);
        }

        var stored = await EventuallyAsync(async db => await db.MeterIntervals.CountAsync(), count => count == 20);

        Assert.Equal(20, stored);
    }

    [Fact]
    public async Task Malformed_messages_through_the_broker_are_counted_and_ingestion_carries_on()
    {
        var statistics = _server.App.Services.GetRequiredService<IngestionStatistics>();
        for (var i = 0; i < 500; i++)
        {
            await _gateway.PublishAsync(_site.Topic(TopicKind.Intervals), Encoding.UTF8.GetBytes("{not json " + i), 1, false, default);
        }

        var good = _site.Interval(_site.MeterIds[0], new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-1), TimeSpan.Zero), 4321);
        await _gateway.PublishAsync(good.Topic, good.Payload, 1, false, default);

        var stored = await EventuallyAsync(async db => await db.MeterIntervals.Select(i => i.ImportWh).ToListAsync(), list => list.Count == 1);
        Assert.Equal(4321, stored.Single());
        Assert.Equal(500, statistics.RejectedByReason["malformedjson"]);
    }

    [Fact]
    public async Task An_interval_that_cannot_be_stored_is_not_acknowledged_and_is_stored_when_the_broker_delivers_it_again()
    {
        var statistics = _server.App.Services.GetRequiredService<IngestionStatistics>();
        var database = _server.App.Services.GetRequiredService<Portal.Hosting.PortalPaths>().DatabasePath;
        await ExecuteAsync(database, "CREATE TRIGGER storage_fails BEFORE INSERT ON MeterIntervals BEGIN SELECT RAISE(ABORT, 'disk full (test)'); END;");
        var interval = _site.Interval(_site.MeterIds[0], new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-1), TimeSpan.Zero), 777);

        await _gateway.PublishAsync(interval.Topic, interval.Payload, 1, false, default);
        var failures = await EventuallyAsync(_ => Task.FromResult(statistics.StoreFailures), n => n >= 2);
        Assert.True(failures >= 2, $"{failures} failed batches");
        Assert.Equal(0, await EventuallyAsync(async db => await db.MeterIntervals.CountAsync(), _ => true));
        await ExecuteAsync(database, "DROP TRIGGER storage_fails;");

        // The broker kept it: each failed batch went back unacknowledged and came again after a reconnect.
        var stored = await EventuallyAsync(async db => await db.MeterIntervals.Select(i => i.ImportWh).ToListAsync(), list => list.Count == 1);
        Assert.Equal(777, Assert.Single(stored));
        Assert.True(statistics.Received >= 3, $"received {statistics.Received} times");
        Assert.Equal(0, statistics.Rejected);
    }

    [Fact]
    public async Task Configuration_is_published_retained_with_the_site_meters_and_the_acknowledgement_is_recorded()
    {
        await _gateway.SubscribeAsync(_site.Topic(TopicKind.Config), 1, default);
        var publisher = _server.App.Services.GetRequiredService<GatewayConfigPublisher>();

        var version = await publisher.PushAsync(GatewayId);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = await _gateway.NextOnAsync(_site.Topic(TopicKind.Config), timeout.Token);
        var config = ContractParser.ParseConfig(received.Payload.Span).Value!;
        var ack = _site.Ack(version, ConfigOutcome.Applied, DateTimeOffset.UtcNow);
        await _gateway.PublishAsync(ack.Topic, ack.Payload, 1, false, default);

        Assert.Equal(version, config.Version);
        Assert.Equal(_site.MeterIds, config.Polling!.Meters.Select(m => m.Id).Order());
        Assert.Equal(BusKind.Tcp, Assert.Single(config.Polling.Buses).Kind);
        var acked = await EventuallyAsync(async db => await db.Gateways.Where(g => g.Id == GatewayId).Select(g => g.AckedConfigVersion).SingleAsync(), v => v == version);
        Assert.Equal(version, acked);
    }

    private static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<T> EventuallyAsync<T>(Func<PortalDbContext, Task<T>> read, Func<T, bool> done)
    {
        var factory = _server.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            await using var db = await factory.CreateDbContextAsync();
            var value = await read(db);
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(100);
        }
    }
}
