using Microsoft.Extensions.Options;
using Portal.Contracts.Mqtt;
using Portal.Hosting;
using Portal.Messaging;

namespace Portal.Telemetry;

/// <summary>The portal's one connection to the broker, shared by ingestion and configuration publishing.</summary>
public sealed class PortalBroker(IOptions<PortalOptions> options, TimeProvider clock, ILogger<MqttClient> logger) : IAsyncDisposable
{
    private readonly Lazy<MqttClient> _client = new(() => Create(options.Value.Broker, clock, logger));

    public bool Enabled => options.Value.Broker.Enabled;

    public IMqttClient Client => _client.Value;

    /// <summary>Whether the portal holds a connection to the broker now (readiness).</summary>
    public bool IsConnected => _client.IsValueCreated && _client.Value.Status.State == MqttConnectionState.Connected;

    /// <summary>Messages from the gateways, as the broker delivers them.</summary>
    public System.Threading.Channels.ChannelReader<MqttMessage> Messages => _client.Value.Messages;

    /// <summary>What the portal listens to: everything gateways publish, at QoS 1 where the contract says so.</summary>
    public static IReadOnlyList<(string Filter, int Qos)> Subscriptions { get; } =
    [
        (Topics.FilterForAllGateways(TopicKind.Intervals), 1),
        (Topics.FilterForAllGateways(TopicKind.Status), 1),
        (Topics.FilterForAllGateways(TopicKind.ConfigAck), 1),
        (Topics.FilterForAllGateways(TopicKind.Live), 0),
    ];

    public async Task StartAsync(CancellationToken ct)
    {
        var client = _client.Value;
        client.Start();
        foreach (var (filter, qos) in Subscriptions)
        {
            await client.SubscribeAsync(filter, qos, ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsValueCreated)
        {
            await _client.Value.DisposeAsync();
        }
    }

    private static MqttClient Create(BrokerSettings settings, TimeProvider clock, ILogger<MqttClient> logger) =>
        new(new MqttClientOptions
        {
            Host = settings.Host,
            Port = settings.Port,
            ClientId = settings.ClientId,
            Username = string.IsNullOrEmpty(settings.Username) ? null : settings.Username,
            Password = settings.ResolvePassword(),
            TlsCaFile = string.IsNullOrEmpty(settings.TlsCaFile) ? null : settings.TlsCaFile,
            // The broker keeps the portal's QoS 1 messages while it restarts: no interval is lost.
            CleanSession = false,
        }, clock, logger);
}
