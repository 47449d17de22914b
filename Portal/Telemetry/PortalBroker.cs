using Microsoft.Extensions.Options;
using Portal.Contracts.Mqtt;
using Portal.Hosting;
using Portal.Messaging;

namespace Portal.Telemetry;

/// <summary>The portal's one connection to the broker, shared by ingestion and configuration publishing.</summary>
public sealed class PortalBroker(IOptions<PortalOptions> options, TimeProvider clock, ILogger<MqttConnection> logger) : IAsyncDisposable
{
    private readonly Lazy<MqttConnection> _client = new(() => Create(options.Value.Broker, clock, logger));

    public bool Enabled => options.Value.Broker.Enabled;

    /// <summary>Connected to the broker with every subscription in place (for a health check).</summary>
    public bool IsConnected => Enabled && _client.IsValueCreated && _client.Value.IsConnected;

    public IMqttConnection Client => _client.Value;

    /// <summary>Messages from the gateways, as the broker delivers them; QoS 1 ones wait for their acknowledgement.</summary>
    public System.Threading.Channels.ChannelReader<MqttMessage> Messages => _client.Value.Messages;

    /// <summary>
    /// What the portal listens to. Intervals and configuration acknowledgements are shared subscriptions: with
    /// several portal instances each message is stored by one of them. Status is retained and live values go to
    /// every instance's pages, so both stay plain subscriptions (a shared one receives no retained messages).
    /// </summary>
    public static IReadOnlyList<(string Filter, int Qos)> Subscriptions { get; } =
    [
        (Topics.Shared(Topics.PortalShareGroup, Topics.FilterForAllGateways(TopicKind.Intervals)), 1),
        (Topics.Shared(Topics.PortalShareGroup, Topics.FilterForAllGateways(TopicKind.ConfigAck)), 1),
        // Decisions are stored once, like intervals; the control state is retained, so its subscription stays plain.
        (Topics.Shared(Topics.PortalShareGroup, Topics.FilterForAllGateways(TopicKind.ControlDecisions)), 1),
        (Topics.FilterForAllGateways(TopicKind.ControlState), 1),
        (Topics.FilterForAllGateways(TopicKind.Status), 1),
        (Topics.FilterForAllGateways(TopicKind.Live), 0),
    ];

    public async Task StartAsync(CancellationToken ct)
    {
        var client = _client.Value;

        // Remembered first, so the loop subscribes them right after the first CONNACK, before anything else.
        foreach (var (filter, qos) in Subscriptions)
        {
            await client.SubscribeAsync(filter, qos, ct);
        }

        client.Start();
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsValueCreated)
        {
            await _client.Value.DisposeAsync();
        }
    }

    private static MqttConnection Create(BrokerSettings settings, TimeProvider clock, ILogger<MqttConnection> logger) =>
        new(new MqttConnectionOptions
        {
            Host = settings.Host,
            Port = settings.Port,
            ClientId = settings.ClientId,
            Username = string.IsNullOrEmpty(settings.Username) ? null : settings.Username,
            Password = settings.ResolvePassword(),
            TlsCaFile = string.IsNullOrEmpty(settings.TlsCaFile) ? null : settings.TlsCaFile,
            // The broker keeps the portal's session and queues its QoS 1 messages while it is down or restarting.
            CleanStart = false,
            SessionExpiry = TimeSpan.FromDays(settings.SessionExpiryDays),
            // A QoS 1 message is acknowledged only once what it carries is committed (TelemetryIngestion).
            ManualAcknowledgement = true,
            // Enough in flight that the next batch arrives while one is being committed.
            ReceiveMaximum = 4 * TelemetryIngestion.MaxBatch,
        }, clock, logger);
}
