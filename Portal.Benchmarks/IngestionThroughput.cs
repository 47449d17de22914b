using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Contracts;
using Portal.Contracts.Mqtt;
using Portal.Data;
using Portal.Hosting;
using Portal.Messaging;
using Portal.Sites;
using Portal.Telemetry;

namespace Portal.Benchmarks;

/// <summary>
/// Issue 3 benchmark (b): interval messages stored per second end to end (gateway client ->
/// mosquitto -> portal ingestion -> SQLite), against the broker's own publish-to-subscribe rate
/// (mosquitto_pub | mosquitto_sub) measured in the same run on the same broker.
/// Run: dotnet run -c Release --project Portal.Benchmarks -- --ingestion [messages]
/// </summary>
public static class IngestionThroughput
{
    private const string GatewayId = "gw-bench";
    private const string Password = "bench-secret";
    private const int Meters = 100;
    // Publishes awaiting PUBACK, the same for the broker baseline and the portal run. The edge itself keeps at most 50.
    private const int InFlight = 100;
    private const int WarmUp = 2000;

    public static async Task<int> RunAsync(int messages)
    {
        var directory = Directory.CreateTempSubdirectory("portal-ingestion-bench-").FullName;
        File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        var port = FreePort();
        using var broker = StartBroker(directory, port);
        try
        {
            var baseline = await BrokerRateAsync(port, messages);
            var (portal, stored) = await PortalRateAsync(directory, port, messages);
            Console.WriteLine();
            Console.WriteLine($"messages:                       {messages}");
            Console.WriteLine($"broker alone (pub -> sub, QoS 1): {baseline:N0} msg/s");
            Console.WriteLine($"portal end to end (stored):      {portal:N0} msg/s ({stored} stored)");
            Console.WriteLine($"ratio portal / broker:           {portal / baseline:F2} x");
            Console.WriteLine($"load average (1, 5, 15 min):     {File.ReadAllText("/proc/loadavg").Trim()}");
            return stored == messages ? 0 : 1;
        }
        finally
        {
            broker.Kill();
        }
    }

    private static async Task<(double Rate, long Stored)> PortalRateAsync(string directory, int port, int messages)
    {
        var data = Directory.CreateDirectory(Path.Combine(directory, "portal")).FullName;
        var app = PortalApp.Build(new WebApplicationOptions
        {
            Args =
            [
                "--urls=http://127.0.0.1:0", $"--Portal:DataDirectory={data}", "--Portal:Broker:Enabled=true",
                $"--Portal:Broker:Port={port}", "--Portal:Broker:Username=portal", $"--Portal:Broker:Password={Password}",
                "--Serilog:MinimumLevel:Default=Warning",
            ],
            ApplicationName = "Portal",
            ContentRootPath = directory,
        });
        await PortalApp.PrepareAsync(app);
        var siteId = await SeedAsync(app.Services);
        await app.StartAsync();
        var statistics = app.Services.GetRequiredService<IngestionStatistics>();
        using var ready = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await app.Services.GetRequiredService<PortalBroker>().Client.WaitForStatusAsync(s => s.State == MqttConnectionState.Connected, ready.Token);

        var topic = Topics.Build(siteId.ToString("N"), GatewayId, TopicKind.Intervals);
        // Warm-up outside the clock: the portal runs for days, so the number to compare is its steady state, not the
        // JIT and the first load of the meter directory (about a quarter of a cold 20,000-message run here).
        await PublishAsync(port, topic, Payloads(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), WarmUp));
        await UntilStoredAsync(statistics, WarmUp);

        var payloads = Payloads(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), messages).ToList();
        var clock = Stopwatch.StartNew();
        await PublishAsync(port, topic, payloads);
        var published = clock.Elapsed;
        var storedWhenPublished = statistics.IntervalsStored - WarmUp;
        await UntilStoredAsync(statistics, WarmUp + messages);
        clock.Stop();
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var stored = await db.MeterIntervals.LongCountAsync() - WarmUp;
        await app.StopAsync();
        await app.DisposeAsync();
        Console.WriteLine($"publishing (all PUBACKed) took {published.TotalSeconds:F2} s, {storedWhenPublished} stored by then; all stored after {clock.Elapsed.TotalSeconds:F2} s");
        return (messages / clock.Elapsed.TotalSeconds, stored);
    }

    private static IEnumerable<string> Payloads(DateTimeOffset start, int count) =>
        Enumerable.Range(0, count).Select(i => System.Text.Encoding.UTF8.GetString(ContractParser.Serialize(new IntervalEnergyMessage(
            ContractVersion.Current, GatewayId, $"bench-m{i % Meters:000}", i + 1, start.AddMinutes(15 * (i / Meters)), start.AddMinutes(15 * ((i / Meters) + 1)), 100 + (i % 7), i % 3, false))));

    private static async Task UntilStoredAsync(IngestionStatistics statistics, long count)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (statistics.IntervalsStored + statistics.IntervalDuplicates < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(5);
        }
    }

    private static async Task<double> BrokerRateAsync(int port, int messages)
    {
        var payload = ContractParser.Serialize(new IntervalEnergyMessage(ContractVersion.Current, GatewayId, "bench-m000", 1,
            new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 1, 1, 0, 15, 0, TimeSpan.Zero), 100, 0, false));
        var line = System.Text.Encoding.UTF8.GetString(payload);
        var topic = $"sites/baseline/gateways/{GatewayId}/intervals";
        using var subscriber = Process.Start(new ProcessStartInfo("mosquitto_sub", [.. Client(port, "portal"), "-t", topic, "-C", messages.ToString(CultureInfo.InvariantCulture), "-i", "bench-sub"])
        {
            RedirectStandardOutput = true,
        })!;
        var drain = subscriber.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        await Task.Delay(500);
        var clock = Stopwatch.StartNew();
        await PublishAsync(port, topic, Enumerable.Repeat(line, messages));
        await subscriber.WaitForExitAsync();
        clock.Stop();
        await drain;
        return messages / clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Both measurements publish through this one publisher (mosquitto_pub, MQTT 5, QoS 1, the same window of
    /// publishes awaiting PUBACK), so they differ only in who subscribes: mosquitto_sub or the portal. Before,
    /// the portal was fed by MQTTnet inside its own process, which measured the publisher's CPU against the portal.
    /// Returns once every publish is acknowledged by the broker.
    /// </summary>
    private static async Task PublishAsync(int port, string topic, IEnumerable<string> lines)
    {
        using var publisher = Process.Start(new ProcessStartInfo("mosquitto_pub",
            [.. Client(port, GatewayId), "-t", topic, "-l", "-i", "bench-pub", "-M", InFlight.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardInput = true,
        })!;
        foreach (var line in lines)
        {
            await publisher.StandardInput.WriteLineAsync(line);
        }

        publisher.StandardInput.Close();
        await publisher.WaitForExitAsync();
    }

    private static string[] Client(int port, string username) =>
        ["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-u", username, "-P", Password, "-q", "1", "-V", "mqttv5"];

    private static async Task<Guid> SeedAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var site = new Site { Name = "Benchmark site" };
        db.Sites.Add(site);
        db.Gateways.Add(new Gateway { Id = GatewayId, SiteId = site.Id, MqttUsername = GatewayId });
        db.Buses.Add(new Bus { Id = "bench-bus", GatewayId = GatewayId, Kind = Sites.BusKind.Tcp, Host = "127.0.0.1", Port = 502 });
        for (var i = 0; i < Meters; i++)
        {
            db.Meters.Add(new Meter { Id = $"bench-m{i:000}", SiteId = site.Id, BusId = "bench-bus", Name = $"Meter {i}", Model = "SDM630", UnitId = (i % 247) + 1 });
        }

        await db.SaveChangesAsync();
        return site.Id;
    }

    private static Process StartBroker(string directory, int port)
    {
        var passwords = Path.Combine(directory, "passwd");
        Process.Start("mosquitto_passwd", ["-b", "-c", passwords, "portal", Password])!.WaitForExit();
        Process.Start("mosquitto_passwd", ["-b", passwords, GatewayId, Password])!.WaitForExit();
        var config = Path.Combine(directory, "mosquitto.conf");
        // The queue and in-flight limits of the broker portal.sh writes, so the portal is measured as deployed.
        File.WriteAllText(config, $"listener {port} 127.0.0.1\nallow_anonymous false\npassword_file {passwords}\nmax_inflight_messages 1000\nmax_queued_messages 2000000\nmax_queued_bytes 1000000000\n");
        var broker = Process.Start(new ProcessStartInfo("mosquitto", ["-c", config]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        for (var i = 0; i < 50; i++)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, port);
                return broker;
            }
            catch (SocketException)
            {
                Thread.Sleep(100);
            }
        }

        throw new InvalidOperationException("mosquitto did not start");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
