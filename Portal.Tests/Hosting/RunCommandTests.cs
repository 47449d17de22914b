using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Portal.Tests.Support;

namespace Portal.Tests.Hosting;

/// <summary>The README's run command, as a newcomer types it.</summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly string _data = RepositoryPaths.NewTempDirectory("run");

    /// <summary>Where portal.sh puts the broker's files when mosquitto's user cannot enter the data folder (its broker_directory).</summary>
    private string BrokerFallbackDirectory => Path.Combine("/var/lib/energy-portal",
        "mosquitto-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(_data)))[..16]);

    public void Dispose()
    {
        Directory.Delete(_data, recursive: true);
        if (Directory.Exists(BrokerFallbackDirectory))
        {
            Directory.Delete(BrokerFallbackDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Run_command_in_a_folder_only_its_user_may_enter_serves_the_portal_with_its_assets_shows_live_meters_chargers_at_the_edge_and_months_of_history_of_the_demo_site_and_stops_on_ctrl_c()
    {
        // As in root's home folder: mosquitto, which drops to its own user, cannot enter this folder.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_data, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var portalPort = FreePort();
        var output = new StringBuilder();
        var start = new ProcessStartInfo("setsid", ["bash", Path.Combine(RepositoryPaths.Root, "portal.sh"), "run"])
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["PORTAL_DATA"] = _data;
        start.Environment["PORTAL_MQTT_PORT"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PORTAL_SIMULATOR_PORT"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PORTAL_OCPP_PORT"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PORTAL_URL"] = $"http://127.0.0.1:{portalPort}";
        using var run = Process.Start(start)!;
        run.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        run.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        run.BeginOutputReadLine();
        run.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{portalPort}"), Timeout = TimeSpan.FromSeconds(5) };
            var page = await PollAsync(client, run, TimeSpan.FromMinutes(8));

            Assert.Contains("data-test=\"sign-in\"", page, StringComparison.Ordinal);
            // The pages are interactive only if the framework script and the component library's assets are served.
            using var script = await client.GetAsync("/_framework/blazor.web.js");
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
            lock (output)
            {
                Assert.Contains("owner@demo.example", output.ToString(), StringComparison.Ordinal);
            }

            // The simulator, the edge and the broker run too: within a minute every demo meter has live values.
            var live = await CountWithinAsync(Path.Combine(_data, "portal", "portal.db"),
                "SELECT COUNT(*) FROM MeterLiveReadings r JOIN Gateways g ON g.Id = 'gw-tilleuls' WHERE g.ConfigOutcome = 'Applied'", 10, TimeSpan.FromSeconds(90));
            Assert.Equal(10, live);

            // The simulator's two chargers (DemoSeeder SeedControl: cp-1, cp-2) booted at the edge's OCPP central system.
            var simulatorLog = Path.Combine(_data, "simulator.log");
            Assert.True(await LogShowsWithinAsync(simulatorLog, ["Charge point cp-1 booted", "Charge point cp-2 booted"], TimeSpan.FromSeconds(30)),
                "the simulated chargers never booted at the edge; simulator.log: " + (File.Exists(simulatorLog) ? File.ReadAllText(simulatorLog) : "missing"));

            // The demo site's past was seeded before the portal listened: 120 days of quarter-hours for its ten meters.
            var seeded = await CountWithinAsync(Path.Combine(_data, "portal", "portal.db"),
                "SELECT COUNT(DISTINCT MeterId) FROM MeterIntervals WHERE Sequence = 0 AND StartUtc < unixepoch('now', '-119 days')", 10, TimeSpan.FromSeconds(5));
            Assert.Equal(10, seeded);

            // Run as root, the broker cannot enter this folder: its files must have gone where its user can reach them.
            if (Environment.UserName == "root")
            {
                Assert.True(File.Exists(Path.Combine(BrokerFallbackDirectory, "mosquitto.conf")));
            }

            Interrupt(run);
            await run.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
            Assert.True(IsFree(portalPort), "the portal still listens after Ctrl-C");
        }
        finally
        {
            if (!run.HasExited)
            {
                Interrupt(run, "KILL");
            }
        }
    }

    private static async Task<string> PollAsync(HttpClient client, Process run, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(run.HasExited, "the run command stopped before serving the portal");
            try
            {
                return await client.GetStringAsync("/account/login");
            }
            catch (HttpRequestException)
            {
                await Task.Delay(1000);
            }
            catch (TaskCanceledException)
            {
                await Task.Delay(1000);
            }
        }

        throw new TimeoutException("The run command did not serve the sign-in page in time.");
    }

    private static async Task<long> CountWithinAsync(string database, string sql, long expected, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        long count = 0;
        while (DateTime.UtcNow < deadline)
        {
            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            count = (long)(await command.ExecuteScalarAsync())!;
            if (count >= expected)
            {
                return count;
            }

            await Task.Delay(1000);
        }

        return count;
    }

    private static async Task<bool> LogShowsWithinAsync(string file, string[] lines, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(file))
            {
                var text = await File.ReadAllTextAsync(file);
                if (lines.All(l => text.Contains(l, StringComparison.Ordinal)))
                {
                    return true;
                }
            }

            await Task.Delay(500);
        }

        return false;
    }

    // Ctrl-C in a terminal signals the whole process group; setsid made the script its leader.
    private static void Interrupt(Process run, string signal = "INT") =>
        Process.Start("kill", [$"-{signal}", "--", $"-{run.Id}"])!.WaitForExit();

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
