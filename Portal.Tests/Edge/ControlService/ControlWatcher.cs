using System.Collections.Concurrent;
using Portal.Contracts.Control;
using Portal.Contracts.Mqtt;
using Portal.Messaging;
using Portal.Tests.Messaging;
using Portal.Tests.Support;

namespace Portal.Tests.Edge.ControlService;

/// <summary>
/// Stands in for the portal's control side: publishes the retained overrides and keeps every decision and state the
/// edge publishes (persistent session, so decisions queued while it is away, or published after a broker restart, still arrive).
/// </summary>
internal sealed class ControlWatcher : IAsyncDisposable
{
    private readonly MqttConnection _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;
    private readonly string _siteId;

    private ControlWatcher(MqttConnection client, string siteId)
    {
        _client = client;
        _siteId = siteId;
        _reading = Task.Run(ReadAsync);
    }

    public ConcurrentQueue<ControlDecisionMessage> Decisions { get; } = new();

    public ConcurrentQueue<ControlStateMessage> States { get; } = new();

    public ConcurrentQueue<string> Invalid { get; } = new();

    public IEnumerable<ControlAction> Actions => Decisions.SelectMany(d => d.Actions);

    public static async Task<ControlWatcher> ConnectAsync(TelemetryChain site)
    {
        var client = await MqttTestClients.ConnectedAsync(
            MqttTestClients.Options(site.Broker, $"portal-control-{Guid.NewGuid():N}") with { CleanStart = false },
            MqttTestClients.Within(10),
            Topics.FilterForAllGateways(TopicKind.ControlDecisions),
            Topics.FilterForAllGateways(TopicKind.ControlState));
        return new ControlWatcher(client, site.SiteId);
    }

    public Task PublishOverridesAsync(ControlOverridesMessage overrides) =>
        _client.PublishAsync(Topics.Build(_siteId, TelemetryChain.GatewayId, TopicKind.ControlOverrides), ContractParser.Serialize(overrides), 1, retain: true, MqttTestClients.Within(10));

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
            await message.AcknowledgeAsync(_stop.Token);
            if (!Topics.TryParse(message.Topic, out var topic) || message.Payload.IsEmpty)
            {
                continue;
            }

            if (topic.Kind == TopicKind.ControlDecisions)
            {
                var parsed = ContractParser.ParseControlDecision(message.Payload.Span);
                if (parsed.IsValid)
                {
                    Decisions.Enqueue(parsed.Value!);
                }
                else
                {
                    Invalid.Enqueue($"{message.Topic}: {parsed.Error}");
                }
            }
            else if (topic.Kind == TopicKind.ControlState)
            {
                var parsed = ContractParser.ParseControlState(message.Payload.Span);
                if (parsed.IsValid)
                {
                    States.Enqueue(parsed.Value!);
                }
                else
                {
                    Invalid.Enqueue($"{message.Topic}: {parsed.Error}");
                }
            }
        }
    }
}
