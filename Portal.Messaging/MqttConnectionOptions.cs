namespace Portal.Messaging;

/// <summary>A message the broker publishes on the client's behalf when the connection dies without a DISCONNECT.</summary>
public sealed record MqttWill(string Topic, ReadOnlyMemory<byte> Payload, int Qos, bool Retain);

/// <summary>How to reach the broker (MQTT 5). <see cref="Validate"/> lists every problem at start-up.</summary>
public sealed record MqttConnectionOptions
{
    public required string Host { get; init; }

    public int Port { get; init; } = 1883;

    /// <summary>Fixed per gateway and for the portal: a persistent session (CleanStart = false) is found again by this id.</summary>
    public required string ClientId { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// False for the portal and the edge: the broker keeps the session (subscriptions and queued QoS 1 messages)
    /// while the client is away, for <see cref="SessionExpiry"/>.
    /// </summary>
    public bool CleanStart { get; init; } = true;

    /// <summary>How long the broker keeps a persistent session after the client went away (MQTT 5 session expiry).</summary>
    public TimeSpan SessionExpiry { get; init; } = TimeSpan.FromDays(7);

    /// <summary>
    /// When true, a QoS 1 message is acknowledged only when its consumer calls <see cref="MqttMessage.AcknowledgeAsync"/>
    /// (after storing it); when false, on receipt.
    /// </summary>
    public bool ManualAcknowledgement { get; init; }

    /// <summary>Unacknowledged QoS 1 messages the broker may have in flight to this client (MQTT 5 receive maximum).</summary>
    public int ReceiveMaximum { get; init; } = 1000;

    /// <summary>When set, the connection uses TLS verified against this CA file.</summary>
    public string? TlsCaFile { get; init; }

    public MqttWill? Will { get; init; }

    public TimeSpan ReconnectDelayMin { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan ReconnectDelayMax { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait for the TCP connection and the broker's CONNACK.</summary>
    public TimeSpan ConnackTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the supervisor pings the broker to check the connection between events.</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(5);

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Host))
        {
            errors.Add("Mqtt:Host is required.");
        }

        if (Port is < 1 or > 65535)
        {
            errors.Add($"Mqtt:Port {Port} is not a TCP port.");
        }

        if (string.IsNullOrWhiteSpace(ClientId) || ClientId.Length > 128)
        {
            errors.Add("Mqtt:ClientId is required (a stable id per client), at most 128 characters.");
        }

        if (KeepAlive < TimeSpan.FromSeconds(1) || KeepAlive > TimeSpan.FromSeconds(65535))
        {
            errors.Add("Mqtt:KeepAlive must be between 1 s and 65535 s.");
        }

        if (SessionExpiry < TimeSpan.Zero || SessionExpiry.TotalSeconds > uint.MaxValue)
        {
            errors.Add("Mqtt:SessionExpiry must be between 0 and 136 years.");
        }

        if (ReceiveMaximum is < 1 or > 65535)
        {
            errors.Add("Mqtt:ReceiveMaximum must be between 1 and 65535.");
        }

        if (Password is not null && Username is null)
        {
            errors.Add("Mqtt:Password needs Mqtt:Username.");
        }

        if (Will is { Qos: < 0 or > 2 })
        {
            errors.Add("Mqtt:Will QoS must be 0, 1 or 2.");
        }

        if (ReconnectDelayMin <= TimeSpan.Zero || ReconnectDelayMax < ReconnectDelayMin)
        {
            errors.Add("Mqtt:ReconnectDelayMin must be positive and not above ReconnectDelayMax.");
        }

        if (PingInterval <= TimeSpan.Zero)
        {
            errors.Add("Mqtt:PingInterval must be positive.");
        }

        return errors;
    }
}
