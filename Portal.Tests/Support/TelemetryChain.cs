using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Contracts;
using Portal.Contracts.Mqtt;
using Portal.Data;
using Portal.Edge.Hosting;
using Portal.Messaging;
using Portal.Simulator;
using Portal.Sites;
using MeterRole = Portal.Sites.MeterRole;
using Portal.Telemetry;
using Portal.Tests.Messaging;

namespace Portal.Tests.Support;

/// <summary>
/// The telemetry chain of one simulated site, the rig of every test that needs a broker with the simulator, the
/// edge or the portal: a real mosquitto on a free loopback port, the in-process Modbus TCP simulator (one converter,
/// meters m1..mN), the edge hosted with <see cref="EdgeHost.Build"/>, a subscriber standing in for the portal that
/// keeps every message (<see cref="StandIn"/>) and, once <see cref="StartPortalAsync"/> ran, the real portal on
/// Kestrel subscribed to the same broker. Simulator and edge share one <see cref="ScaledTimeProvider"/>, so a
/// simulated hour passes in 3600 / <see cref="Speed"/> real seconds. Each part starts only when asked.
/// </summary>
internal sealed class TelemetryChain : IAsyncDisposable
{
    public const string GatewayId = MqttTestClients.GatewayUser;
    public const string BusId = "conv-0";

    private IHost? _edge;
    private PortalServer? _portal;

    /// <param name="siteId">The site's id in topics; a site the real portal holds needs <see cref="NewPortalSiteId"/>.</param>
    /// <param name="standInIntervals">False when the real portal ingests the intervals (see <see cref="PortalStandIn"/>).</param>
    /// <param name="relayModules">WP8024 relay modules on the simulated converters (their loads count on the grid meter).</param>
    /// <param name="sky">Clear, or cloudy with passing clouds over the PV (<see cref="CloudCover"/>).</param>
    public TelemetryChain(DateTimeOffset simulatedStart, double speed, int meters = 6, string siteId = "s1", int seed = 11, double pvPeakWatts = 20_000, bool standInIntervals = true, IReadOnlyList<SimulatedRelayModuleOptions>? relayModules = null, Sky sky = Sky.Clear)
    {
        SiteId = siteId;
        Speed = speed;
        Clock = new ScaledTimeProvider(simulatedStart, speed);
        Simulation = new SiteSimulation(
            new SiteSimulationOptions { Ports = 1, Meters = meters, Seed = seed, PvPeakWatts = pvPeakWatts, RelayModules = relayModules ?? [], Sky = sky },
            new SimulationClock(Clock, Clock.GetUtcNow(), speed: 1));
        Simulator = new SiteSimulatorHost(Simulation);
        Broker = MqttTestClients.StartBroker();
        DataDirectory = Directory.CreateTempSubdirectory("edge-e2e-").FullName;
        StandIn = new PortalStandIn(Broker, siteId, standInIntervals);
    }

    /// <summary>The site's id in topics (the portal uses its site's Guid in "N" form).</summary>
    public string SiteId { get; }

    public double Speed { get; }

    public ScaledTimeProvider Clock { get; }

    /// <summary>Set meter faults here before the edge starts polling.</summary>
    public SiteSimulation Simulation { get; }

    public SiteSimulatorHost Simulator { get; }

    public MosquittoBroker Broker { get; }

    /// <summary>The edge's data directory (outbox, cached config, logs); kept across edge restarts.</summary>
    public string DataDirectory { get; }

    /// <summary>A plain subscriber to everything gateways publish, parsing each message as the portal does.</summary>
    public PortalStandIn StandIn { get; }

    public PortalServer Portal => _portal ?? throw new InvalidOperationException("The portal is not started: call StartPortalAsync.");

    public IServiceProvider EdgeServices => _edge?.Services ?? throw new InvalidOperationException("The edge is not running.");

    public DateTimeOffset Now => Clock.GetUtcNow();

    public IReadOnlyList<string> MeterIds => [.. Simulation.Meters.Select(m => MeterId(m.Address.UnitId))];

    public static string MeterId(byte unitId) => $"m{unitId}";

    public static string NewPortalSiteId() => Guid.NewGuid().ToString("N");

    public string[] EdgeArguments() =>
    [
        $"--Edge:GatewayId={GatewayId}",
        $"--Edge:SiteId={SiteId}",
        $"--Edge:DataDirectory={DataDirectory}",
        "--Edge:HeartbeatSeconds=5",
        "--Mqtt:Host=127.0.0.1",
        $"--Mqtt:Port={Broker.Port}",
        $"--Mqtt:Username={MqttTestClients.GatewayUser}",
        $"--Mqtt:Password={MqttTestClients.GatewayPassword}",
        "--Mqtt:KeepAliveSeconds=5",
        "--Mqtt:ReconnectDelayMaxSeconds=0.5",
    ];

    /// <param name="arguments">More edge settings, e.g. <c>--Ocpp:ListenUrl=http://127.0.0.1:0</c>.</param>
    public async Task StartEdgeAsync(params string[] arguments)
    {
        _edge = EdgeHost.Build([.. EdgeArguments(), .. arguments], Clock);
        await _edge.StartAsync();
    }

    public async Task StopEdgeAsync()
    {
        if (_edge is { } edge)
        {
            _edge = null;
            await edge.StopAsync();
            await ((IAsyncDisposable)edge).DisposeAsync();
        }
    }

    /// <summary>
    /// Starts the real portal on this broker and waits until it is connected. With <paramref name="seedSite"/> its
    /// database holds this site: its gateway, the converter and every simulated meter, with the role
    /// <paramref name="roleOf"/> gives a unit id (consumers otherwise).
    /// </summary>
    public async Task<PortalServer> StartPortalAsync(bool seedSite = true, Func<byte, MeterRole>? roleOf = null, string siteName = "Simulated site")
    {
        _portal = await PortalServer.StartWithBrokerAsync(Broker);
        if (seedSite)
        {
            await SeedPortalAsync(roleOf ?? (_ => MeterRole.Consumer), siteName);
        }

        using var connected = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _portal.App.Services.GetRequiredService<PortalBroker>().Client.WaitForStatusAsync(s => s.State == MqttConnectionState.Connected, connected.Token);
        return _portal;
    }

    /// <summary>The portal publishes the gateway's configuration from its database; optionally waits for "applied".</summary>
    public async Task<long> PublishPortalConfigAsync(bool waitUntilApplied = true)
    {
        var version = await Portal.App.Services.GetRequiredService<GatewayConfigPublisher>().PushAsync(GatewayId);
        if (waitUntilApplied)
        {
            await PortalEventuallyAsync(
                async db => await db.Gateways.Where(g => g.Id == GatewayId && g.AckedConfigVersion == version && g.ConfigOutcome == "Applied").AnyAsync(),
                TimeSpan.FromSeconds(20),
                "the edge did not acknowledge the portal's configuration");
        }

        return version;
    }

    public async Task<PortalDbContext> PortalDbAsync() =>
        await Portal.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    /// <summary>Polls the portal's database until <paramref name="condition"/> holds; fails with <paramref name="failure"/>.</summary>
    public async Task PortalEventuallyAsync(Func<PortalDbContext, Task<bool>> condition, TimeSpan within, string failure)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            await using (var db = await PortalDbAsync())
            {
                if (await condition(db))
                {
                    return;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(100);
        }
    }

    /// <summary>The config the portal would publish for every simulated meter (all on converter port 0).</summary>
    public GatewayConfigMessage Config(long version, int intervalSeconds = 30, Func<MeterConfig, MeterConfig>? change = null) => new(
        ContractVersion.Current, version, Now, "Europe/Zurich", 60,
        new PollingConfig(
            [new BusConfig(BusId, global::Portal.Contracts.Mqtt.BusKind.Tcp, Host: "127.0.0.1", Port: Simulator.TcpPortOf(0), ResponseTimeoutMs: 500)],
            [.. Simulation.Meters.Select(m => new MeterConfig(MeterId(m.Address.UnitId), "SDM630", m.Address.UnitId, BusId)).Select(m => change?.Invoke(m) ?? m)],
            intervalSeconds));

    /// <summary>Energy that really flowed per quarter-hour, in Wh (exact decimal kWh from the simulator's integration).</summary>
    public IReadOnlyDictionary<DateTimeOffset, (decimal ImportWh, decimal ExportWh)> GroundTruth(byte unitId) =>
        Simulation.GroundTruth(new SimulatedMeterAddress(0, unitId)).ToDictionary(q => q.Start, q => (q.ImportKWh * 1000m, q.ExportKWh * 1000m));

    /// <summary>Waits in real time (the clock runs on) until the simulated instant has passed.</summary>
    public async Task UntilAsync(DateTimeOffset simulated)
    {
        var wait = simulated - Now;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, Clock);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopEdgeAsync();
        await StandIn.DisposeAsync();
        if (_portal is not null)
        {
            await _portal.DisposeAsync();
        }

        Broker.Dispose();
        Simulator.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static async Task EventuallyAsync(Func<bool> condition, TimeSpan within, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + within;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Not reached within {within.TotalSeconds} s: {describe()}");
            }

            await Task.Delay(50);
        }
    }

    private async Task SeedPortalAsync(Func<byte, MeterRole> roleOf, string siteName)
    {
        if (!Guid.TryParseExact(SiteId, "N", out var siteId))
        {
            throw new InvalidOperationException($"A site the portal holds needs a Guid id (NewPortalSiteId), not '{SiteId}'.");
        }

        await using var db = await PortalDbAsync();
        var site = new Site { Id = siteId, Name = siteName };
        site.GridConnections.Add(new GridConnection { Name = "Main", MainFuseA = 63 });
        db.Sites.Add(site);
        db.Gateways.Add(new Gateway { Id = GatewayId, SiteId = siteId, Name = "Cabinet", MqttUsername = GatewayId });
        db.Buses.Add(new Bus { Id = BusId, GatewayId = GatewayId, Name = "Converter", Kind = global::Portal.Sites.BusKind.Tcp, Host = "127.0.0.1", Port = Simulator.TcpPortOf(0) });
        foreach (var meter in Simulation.Meters)
        {
            var unit = meter.Address.UnitId;
            db.Meters.Add(new Meter { Id = MeterId(unit), SiteId = siteId, BusId = BusId, Name = $"Meter {unit}", Model = "SDM630", UnitId = unit, Role = roleOf(unit) });
        }

        await db.SaveChangesAsync();
    }
}
