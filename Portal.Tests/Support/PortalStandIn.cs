using System.Collections.Concurrent;
using Portal.Contracts.Control;
using Portal.Contracts.Mqtt;
using Portal.Messaging;
using Portal.Tests.Messaging;

namespace Portal.Tests.Support;

/// <summary>Subscribes as the portal does (persistent session, QoS 1) and keeps everything it receives.</summary>
internal sealed class PortalStandIn : IAsyncDisposable
{
    private readonly MqttConnection _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;

    private readonly string _siteId;

    /// <param name="intervals">
    /// False beside the real portal: after a broker restart mosquitto 2.0 restores this plain subscription but not the
    /// portal's shared one, so the broker would hand intervals to the stand-in alone until the portal is back.
    /// </param>
    public PortalStandIn(MosquittoBroker broker, string siteId, bool intervals = true)
    {
        _siteId = siteId;
        _client = new MqttConnection(MqttTestClients.Options(broker, $"portal-e2e-{Guid.NewGuid():N}") with { CleanStart = false });
        foreach (var kind in new[] { TopicKind.Intervals, TopicKind.Live, TopicKind.ConfigAck, TopicKind.Status, TopicKind.ControlDecisions, TopicKind.ControlState }.Where(k => intervals || k != TopicKind.Intervals))
        {
            _client.SubscribeAsync(Topics.FilterForAllGateways(kind), 1, CancellationToken.None).GetAwaiter().GetResult();
        }

        _client.Start();
        _client.WaitUntilConnectedAsync(MqttTestClients.Within(10)).GetAwaiter().GetResult();
        _reading = Task.Run(ReadAsync);
    }

    public ConcurrentQueue<IntervalEnergyMessage> Intervals { get; } = new();

    public ConcurrentQueue<LiveReadingMessage> Live { get; } = new();

    public ConcurrentQueue<ConfigAckMessage> Acks { get; } = new();

    public ConcurrentQueue<GatewayStatusMessage> Statuses { get; } = new();

    public ConcurrentQueue<string> Invalid { get; } = new();

    public ConcurrentQueue<ControlDecisionMessage> ControlDecisions { get; } = new();

    public ConcurrentQueue<ControlStateMessage> ControlStates { get; } = new();

    public IEnumerable<ControlAction> ControlActions => ControlDecisions.SelectMany(d => d.Actions);

    /// <summary>The portal's retained overrides (Manual relays, charge now) for the gateway.</summary>
    public Task PublishOverridesAsync(ControlOverridesMessage overrides) =>
        _client.PublishAsync(Topics.Build(_siteId, TelemetryChain.GatewayId, TopicKind.ControlOverrides), ContractParser.Serialize(overrides), 1, retain: true, MqttTestClients.Within(10));

    public Task PublishConfigAsync(GatewayConfigMessage config) =>
        _client.PublishAsync(Topics.Build(_siteId, TelemetryChain.GatewayId, TopicKind.Config), ContractParser.Serialize(config), 1, retain: true, MqttTestClients.Within(10));

    /// <summary>Any bytes on the gateway's config topic, as a broken or hostile publisher might send.</summary>
    public Task PublishRawConfigAsync(byte[] payload) =>
        _client.PublishAsync(Topics.Build(_siteId, TelemetryChain.GatewayId, TopicKind.Config), payload, 1, retain: false, MqttTestClients.Within(10));

    public async Task<ConfigAckMessage> AckForAsync(long version)
    {
        ConfigAckMessage? ack = null;
        await TelemetryChain.EventuallyAsync(() => (ack = Acks.LastOrDefault(a => a.Version == version)) is not null, TimeSpan.FromSeconds(15),
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
                case TopicKind.Status when !message.Payload.IsEmpty:
                    Keep(ContractParser.ParseStatus(message.Payload.Span), Statuses, message);
                    break;
                case TopicKind.ControlDecisions:
                    Keep(ContractParser.ParseControlDecision(message.Payload.Span), ControlDecisions, message);
                    break;
                case TopicKind.ControlState when !message.Payload.IsEmpty:
                    Keep(ContractParser.ParseControlState(message.Payload.Span), ControlStates, message);
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
