using System.Threading.Channels;

namespace Portal.Messaging;

/// <summary>The broker connection as the sync and ingestion code sees it, so that their logic runs against fakes.</summary>
public interface IMqttConnection
{
    MqttConnectionStatus Status { get; }

    /// <summary>Connected to the broker with every remembered subscription in place.</summary>
    bool IsConnected { get; }

    /// <summary>Raised on the supervisor loop; handlers must be quick.</summary>
    event EventHandler<MqttConnectionStatus>? StatusChanged;

    /// <summary>Every message of every subscription, in arrival order.</summary>
    ChannelReader<MqttMessage> Messages { get; }

    /// <summary>
    /// QoS 0: returns once the message is written. QoS 1: completes when the broker acknowledged it, with false when
    /// the broker answered "no matching subscribers" (MQTT 5 reason 0x10): accepted, but no session will receive it,
    /// not even a queued one. Throws <see cref="MqttNotConnectedException"/> when offline, so that nothing queues invisibly.
    /// </summary>
    Task<bool> PublishAsync(string topic, ReadOnlyMemory<byte> payload, int qos, bool retain, CancellationToken cancellationToken);

    /// <summary>
    /// Remembers the filter; the supervisor loop subscribes it on this connection and after every reconnect.
    /// When connected, waits for the SUBACK.
    /// </summary>
    Task SubscribeAsync(string filter, int qos, CancellationToken cancellationToken);

    /// <summary>
    /// Drops the connection and connects again, so that the broker sends every unacknowledged QoS 1 message again
    /// (what a consumer does when it could not store what it received).
    /// </summary>
    void RequestRedelivery();

    Task WaitForStatusAsync(Func<MqttConnectionStatus, bool> condition, CancellationToken cancellationToken);
}
