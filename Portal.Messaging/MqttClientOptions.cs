namespace Portal.Messaging;

/// <summary>A message the broker publishes on the client's behalf when the connection dies without a DISCONNECT.</summary>
public sealed record MqttWill(string Topic, ReadOnlyMemory<byte> Payload, int Qos, bool Retain);

/// <summary>How to reach the broker. Bound from configuration; <see cref="Validate"/> lists every problem at start-up.</summary>
public sealed record MqttClientOptions
{
    public required string Host { get; init; }

    public int Port { get; init; } = 1883;

    /// <summary>Fixed per gateway: a persistent session (CleanSession = false) is found again by this id.</summary>
    public required string ClientId { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>False on the edge so the broker keeps its QoS 1 subscriptions (config) across reconnects.</summary>
    public bool CleanSession { get; init; } = true;

    /// <summary>When set, the connection uses TLS verified against this CA file.</summary>
    public string? TlsCaFile { get; init; }

    /// <summary>Optional client certificate (with <see cref="TlsKeyFile"/>) for mutual TLS.</summary>
    public string? TlsCertFile { get; init; }

    public string? TlsKeyFile { get; init; }

    public MqttWill? Will { get; init; }

    public TimeSpan ReconnectDelayMin { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan ReconnectDelayMax { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait for the broker's CONNACK after the TCP connection is up.</summary>
    public TimeSpan ConnackTimeout { get; init; } = TimeSpan.FromSeconds(10);

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

        if (string.IsNullOrWhiteSpace(ClientId) || ClientId.Length > 23 * 4)
        {
            errors.Add("Mqtt:ClientId is required (a stable id per gateway).");
        }

        if (KeepAlive < TimeSpan.FromSeconds(5) || KeepAlive > TimeSpan.FromSeconds(65535))
        {
            errors.Add("Mqtt:KeepAlive must be between 5 s and 65535 s (libmosquitto refuses less than 5 s).");
        }

        if (Password is not null && Username is null)
        {
            errors.Add("Mqtt:Password needs Mqtt:Username.");
        }

        if ((TlsCertFile is null) != (TlsKeyFile is null))
        {
            errors.Add("Mqtt:TlsCertFile and Mqtt:TlsKeyFile go together.");
        }

        if (TlsCertFile is not null && TlsCaFile is null)
        {
            errors.Add("Mqtt:TlsCertFile needs Mqtt:TlsCaFile.");
        }

        if (Will is { Qos: < 0 or > 2 })
        {
            errors.Add("Mqtt:Will QoS must be 0, 1 or 2.");
        }

        if (ReconnectDelayMin <= TimeSpan.Zero || ReconnectDelayMax < ReconnectDelayMin)
        {
            errors.Add("Mqtt:ReconnectDelayMin must be positive and not above ReconnectDelayMax.");
        }

        return errors;
    }
}
