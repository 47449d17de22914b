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

/// <summary>A received message, copied out of libmosquitto's buffers.</summary>
public sealed record MqttMessage(string Topic, ReadOnlyMemory<byte> Payload, int Qos, bool Retain);

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
