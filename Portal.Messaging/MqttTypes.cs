namespace Portal.Messaging;

public enum MqttConnectionState
{
    Stopped,
    Connecting,
    Connected,
    Disconnected,

    /// <summary>The broker answered CONNACK with a refusal (credentials, client id): retrying continues, slowly.</summary>
    Refused,
}

/// <summary>What the supervisor knows about the connection; <see cref="LastError"/> is worded for a person.</summary>
public sealed record MqttConnectionStatus(MqttConnectionState State, DateTimeOffset Since, string? LastError, int Connections);

/// <summary>
/// A received message, copied out of the client's buffers. With manual acknowledgement
/// (<see cref="MqttConnectionOptions.ManualAcknowledgement"/>) a QoS 1 message stays unacknowledged at the broker
/// until <see cref="AcknowledgeAsync"/>: one that is never acknowledged comes again after the next connect.
/// </summary>
public sealed record MqttMessage(string Topic, ReadOnlyMemory<byte> Payload, int Qos, bool Retain)
{
    /// <summary>The broker sent it before, on an earlier connection (MQTT DUP flag).</summary>
    public bool Duplicate { get; init; }

    /// <summary>Sends the PUBACK; null for QoS 0, for automatic acknowledgement and for messages made by hand.</summary>
    public Func<CancellationToken, Task>? Acknowledgement { get; init; }

    /// <summary>Tells the broker the message is dealt with. Never throws: a lost acknowledgement means a redelivery.</summary>
    public Task AcknowledgeAsync(CancellationToken cancellationToken) => Acknowledgement?.Invoke(cancellationToken) ?? Task.CompletedTask;
}

public class MqttException : Exception
{
    public MqttException()
    {
    }

    public MqttException(string message)
        : base(message)
    {
    }

    public MqttException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>Thrown by publish while there is no connection; callers that must not lose data keep it themselves.</summary>
public sealed class MqttNotConnectedException : MqttException
{
    public MqttNotConnectedException()
        : base("Not connected to the MQTT broker.")
    {
    }

    public MqttNotConnectedException(string message)
        : base(message)
    {
    }

    public MqttNotConnectedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
