using System.Threading.Channels;

namespace Portal.Messaging;

/// <summary>The transport as the sync code sees it, so that outbox and config logic run against fakes.</summary>
public interface IMqttClient
{
    MqttConnectionStatus Status { get; }

    /// <summary>Raised on the supervisor thread; handlers must be quick.</summary>
    event EventHandler<MqttConnectionStatus>? StatusChanged;

    /// <summary>Every message of every subscription, in arrival order.</summary>
    ChannelReader<MqttMessage> Messages { get; }

    /// <summary>
    /// QoS 0: returns once libmosquitto took the message. QoS 1/2: completes when the broker acknowledged it.
    /// Throws <see cref="MqttNotConnectedException"/> when offline, so that nothing queues invisibly.
    /// </summary>
    Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, int qos, bool retain, CancellationToken cancellationToken);

    /// <summary>Remembers the filter (re-subscribed after every reconnect); when connected, waits for the SUBACK.</summary>
    Task SubscribeAsync(string filter, int qos, CancellationToken cancellationToken);

    Task WaitForStatusAsync(Func<MqttConnectionStatus, bool> condition, CancellationToken cancellationToken);
}
