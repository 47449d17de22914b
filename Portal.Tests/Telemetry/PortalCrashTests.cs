using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Portal.Messaging;
using Portal.Tests.Messaging;
using Portal.Tests.Support;
using Xunit.Abstractions;

namespace Portal.Tests.Telemetry;

/// <summary>
/// The real portal executable ingesting from a real mosquitto while it is killed with SIGKILL and started again:
/// a message is acknowledged only once it is committed, so the broker keeps (and redelivers) everything else.
/// </summary>
[Collection(TimingSensitiveCollection.Name)]
public sealed class PortalCrashTests(ITestOutputHelper output)
{
    private const int Meters = 60;
    private const int Quarters = 100;
    private const int Kills = 3;

    [Fact]
    public async Task Every_interval_sent_while_the_portal_process_is_killed_and_restarted_is_stored_exactly_once()
    {
        using var broker = MqttTestClients.StartBroker();
        var data = RepositoryPaths.NewTempDirectory("portal-crash");
        var site = await PortalServer.PrepareDataAsync(data, services => TelemetrySite.CreateAsync(services, gatewayId: MqttTestClients.GatewayUser, meters: Meters));
        var database = Path.Combine(data, "portal.db");
        string[] portalArgs =
        [
            "--urls=http://127.0.0.1:0",
            $"--Portal:DataDirectory={data}",
            "--Portal:Broker:Enabled=true",
            $"--Portal:Broker:Port={broker.Port}",
            $"--Portal:Broker:Username={MqttTestClients.PortalUser}",
            $"--Portal:Broker:Password={MqttTestClients.PortalPassword}",
            // Fixed, as in production: the broker keeps this session's queue while the process is dead.
            "--Portal:Broker:ClientId=portal-crash-test",
        ];

        var start = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-3), TimeSpan.Zero);
        var intervals = (from q in Enumerable.Range(0, Quarters)
                         from m in Enumerable.Range(0, Meters)
                         select (Meter: site.MeterIds[m], Start: start.AddMinutes(15 * q), ImportWh: 1000L + (q * Meters) + m)).ToList();
        var messages = intervals.Select((i, n) => site.Interval(i.Meter, i.Start, i.ImportWh, sequence: n + 1)).ToList();

        var portal = PortalProcess.Start(portalArgs);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
            var ct = timeout.Token;
            await using var gateway = await MqttTestClients.ConnectedAsync(
                MqttTestClients.Options(broker, "gateway-crash", MqttTestClients.GatewayUser, MqttTestClients.GatewayPassword), ct);

            // The first message again and again until it is stored: then the portal's subscription exists.
            while (await CountAsync(database) == 0)
            {
                Assert.False(portal.HasExited, portal.Output);
                await gateway.PublishAsync(messages[0].Topic, messages[0].Payload, 1, false, ct);
                await Task.Delay(250, ct);
            }

            // Paced so that publishing spans the kills: some messages arrive while the portal is dead and queue at
            // the broker, others are in flight or in an uncommitted batch when the process dies.
            var publishing = Task.Run(async () =>
            {
                using var window = new SemaphoreSlim(100);
                var sent = new List<Task>();
                for (var i = 0; i < messages.Count; i++)
                {
                    await window.WaitAsync(ct);
                    var message = messages[i];
                    sent.Add(PublishAsync(gateway, message, window, ct));
                    if (i % 300 == 299)
                    {
                        await Task.Delay(400, ct);
                    }
                }

                await Task.WhenAll(sent);
            }, ct);

            var clock = Stopwatch.StartNew();
            for (var kill = 1; kill <= Kills; kill++)
            {
                var threshold = messages.Count * kill / (Kills + 1);
                long stored;
                while ((stored = await CountAsync(database)) < threshold)
                {
                    Assert.False(portal.HasExited, portal.Output);
                    await Task.Delay(10, ct);
                }

                portal.Kill();
                output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: SIGKILL with {stored} of {messages.Count} stored");
                portal.Dispose();
                await Task.Delay(300, ct);
                portal = PortalProcess.Start(portalArgs);
            }

            await publishing;
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: all {messages.Count} acknowledged by the broker");

            // A portal that acknowledged on receipt loses what was received but not committed at each kill: it stays
            // short of the total for good (seen once, with acknowledgement on receipt switched on for the check).
            var deadline = DateTime.UtcNow.AddSeconds(90);
            long count;
            while ((count = await CountAsync(database)) < messages.Count && DateTime.UtcNow < deadline)
            {
                Assert.False(portal.HasExited, portal.Output);
                await Task.Delay(100, ct);
            }

            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: {count} stored");
            Assert.True(count == messages.Count, $"{count} of {messages.Count} intervals stored");
            var rows = await ReadAsync(database);
            Assert.Equal(messages.Count, rows.Count);
            var expected = intervals.ToDictionary(i => (i.Meter, i.Start.UtcDateTime), i => i.ImportWh);
            foreach (var (meter, startUtc, importWh) in rows)
            {
                Assert.True(expected.Remove((meter, startUtc), out var wh), $"unexpected or repeated interval {meter} {startUtc:O}");
                Assert.Equal(wh, importWh);
            }

            Assert.Empty(expected);
        }
        finally
        {
            portal.Dispose();
        }
    }

    private static async Task PublishAsync(MqttConnection gateway, MqttMessage message, SemaphoreSlim window, CancellationToken ct)
    {
        try
        {
            await gateway.PublishAsync(message.Topic, message.Payload, 1, false, ct);
        }
        finally
        {
            window.Release();
        }
    }

    private static async Task<long> CountAsync(string database)
    {
        await using var connection = await OpenAsync(database);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM MeterIntervals";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<List<(string Meter, DateTime StartUtc, long ImportWh)>> ReadAsync(string database)
    {
        await using var connection = await OpenAsync(database);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT MeterId, StartUtc, ImportWh FROM MeterIntervals";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, DateTime, long)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), Portal.Data.UnixSecondsConverter.FromSeconds(reader.GetInt64(1)), reader.GetInt64(2)));
        }

        return rows;
    }

    private static async Task<SqliteConnection> OpenAsync(string database)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }
}
