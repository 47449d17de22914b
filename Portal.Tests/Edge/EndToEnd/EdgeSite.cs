using System.Collections.Concurrent;
using Portal.Contracts;
using Portal.Contracts.Mqtt;
using Portal.Edge.Hosting;
using Portal.Messaging;
using Portal.Simulator;
using Portal.Tests.Messaging;

namespace Portal.Tests.Edge.EndToEnd;

/// <summary>
/// One simulated site end to end: a real mosquitto, the in-process Modbus TCP simulator, the edge hosted with
/// <see cref="EdgeHost.Build"/> and a subscriber standing in for the portal. Simulator and edge share one
/// <see cref="ScaledTimeProvider"/>, so a simulated hour passes in 3600 / <see cref="Speed"/> real seconds.
/// </summary>
internal sealed class EdgeSite : IAsyncDisposable
{
    public const string GatewayId = MqttTestClients.GatewayUser;

    private IHost? _edge;

    public EdgeSite(DateTimeOffset simulatedStart, double speed, int meters = 6, string siteId = "s1")
    {
        SiteId = siteId;
        Speed = speed;
        Clock = new ScaledTimeProvider(simulatedStart, speed);
        Simulation = new SiteSimulation(
            new SiteSimulationOptions { Ports = 1, Meters = meters, Seed = 11, PvPeakWatts = 20_000 },
            new SimulationClock(Clock, Clock.GetUtcNow(), speed: 1));
        Simulator = new SiteSimulatorHost(Simulation);
        Broker = MqttTestClients.StartBroker();
        DataDirectory = Directory.CreateTempSubdirectory("edge-e2e-").FullName;
        Portal = new PortalStandIn(Broker, siteId);
    }

    /// <summary>The site's id in topics (the portal uses its site's Guid in "N" form).</summary>
    public string SiteId { get; }

    public double Speed { get; }

    public ScaledTimeProvider Clock { get; }

    public SiteSimulation Simulation { get; }

    public SiteSimulatorHost Simulator { get; }

    public MosquittoBroker Broker { get; }

    public string DataDirectory { get; }

    public PortalStandIn Portal { get; }

    public IServiceProvider EdgeServices => _edge?.Services ?? throw new InvalidOperationException("The edge is not running.");

    public DateTimeOffset Now => Clock.GetUtcNow();

    public IReadOnlyList<string> MeterIds => [.. Simulation.Meters.Select(m => MeterId(m.Address.UnitId))];

    public static string MeterId(byte unitId) => $"m{unitId}";

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

    public async Task StartEdgeAsync()
    {
        _edge = EdgeHost.Build(EdgeArguments(), Clock);
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

    /// <summary>The config the portal would publish for every simulated meter (all on converter port 0).</summary>
    public GatewayConfigMessage Config(long version, int intervalSeconds = 30, Func<MeterConfig, MeterConfig>? change = null) => new(
        ContractVersion.Current, version, Now, "Europe/Zurich", 60,
        new PollingConfig(
            [new BusConfig("conv-0", BusKind.Tcp, Host: "127.0.0.1", Port: Simulator.TcpPortOf(0), ResponseTimeoutMs: 500)],
            [.. Simulation.Meters.Select(m => new MeterConfig(MeterId(m.Address.UnitId), "SDM630", m.Address.UnitId, "conv-0")).Select(m => change?.Invoke(m) ?? m)],
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
        await Portal.DisposeAsync();
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
}

/// <summary>Subscribes as the portal does (persistent session, QoS 1) and keeps everything it receives.</summary>
internal sealed class PortalStandIn : IAsyncDisposable
{
    private readonly MqttConnection _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;

    private readonly string _siteId;

    public PortalStandIn(MosquittoBroker broker, string siteId)
    {
        _siteId = siteId;
        _client = new MqttConnection(MqttTestClients.Options(broker, $"portal-e2e-{Guid.NewGuid():N}"[..23]) with { CleanStart = false });
        _client.Start();
        foreach (var kind in new[] { TopicKind.Intervals, TopicKind.Live, TopicKind.ConfigAck, TopicKind.Status })
        {
            _client.SubscribeAsync(Topics.FilterForAllGateways(kind), 1, CancellationToken.None).GetAwaiter().GetResult();
        }

        _client.WaitUntilConnectedAsync(MqttTestClients.Within(10)).GetAwaiter().GetResult();
        _reading = Task.Run(ReadAsync);
    }

    public ConcurrentQueue<IntervalEnergyMessage> Intervals { get; } = new();

    public ConcurrentQueue<LiveReadingMessage> Live { get; } = new();

    public ConcurrentQueue<ConfigAckMessage> Acks { get; } = new();

    public ConcurrentQueue<string> Invalid { get; } = new();

    public Task PublishConfigAsync(GatewayConfigMessage config) =>
        _client.PublishAsync(Topics.Build(_siteId, EdgeSite.GatewayId, TopicKind.Config), ContractParser.Serialize(config), 1, retain: true, MqttTestClients.Within(10));

    /// <summary>Any bytes on the gateway's config topic, as a broken or hostile publisher might send.</summary>
    public Task PublishRawConfigAsync(byte[] payload) =>
        _client.PublishAsync(Topics.Build(_siteId, EdgeSite.GatewayId, TopicKind.Config), payload, 1, retain: false, MqttTestClients.Within(10));

    public async Task<ConfigAckMessage> AckForAsync(long version)
    {
        ConfigAckMessage? ack = null;
        await EdgeSite.EventuallyAsync(() => (ack = Acks.LastOrDefault(a => a.Version == version)) is not null, TimeSpan.FromSeconds(15),
            () => $"no ack for config version {version}; acks: {string.Join(", ", Acks.Select(a => $"{a.Version} {a.Outcome}"))}");
        return ack!;
    }

    /// <summary>Deduplicated as the portal does, on (gateway, meter, interval start).</summary>
    public IReadOnlyList<IntervalEnergyMessage> DistinctIntervals(string meterId) =>
        [.. Intervals.Where(i => i.MeterId == meterId).GroupBy(i => (i.GatewayId, i.MeterId, i.IntervalStart)).Select(g => g.First()).OrderBy(i => i.IntervalStart)];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _client.DisposeAsync();
        try
        {
            await _reading;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task ReadAsync()
    {
        await foreach (var message in _client.Messages.ReadAllAsync(_stop.Token))
        {
            if (!Topics.TryParse(message.Topic, out var topic))
            {
                continue;
            }

            // Every payload goes through the contract parser, as in the portal: a message it refuses is a failure.
            switch (topic.Kind)
            {
                case TopicKind.Intervals:
                    Keep(ContractParser.ParseInterval(message.Payload.Span), Intervals, message);
                    break;
                case TopicKind.Live:
                    Keep(ContractParser.ParseLive(message.Payload.Span), Live, message);
                    break;
                case TopicKind.ConfigAck:
                    Keep(ContractParser.ParseConfigAck(message.Payload.Span), Acks, message);
                    break;
                default:
                    break;
            }
        }
    }

    private void Keep<T>(ParseResult<T> parsed, ConcurrentQueue<T> into, MqttMessage message)
        where T : class
    {
        if (parsed.IsValid)
        {
            into.Enqueue(parsed.Value!);
        }
        else
        {
            Invalid.Enqueue($"{message.Topic}: {parsed.Error} {message.Text()}");
        }
    }
}
