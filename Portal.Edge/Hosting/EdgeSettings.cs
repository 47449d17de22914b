using System.Globalization;
using Microsoft.Extensions.Configuration;
using Portal.Contracts.Mqtt;

namespace Portal.Edge.Hosting;

/// <summary>
/// What the gateway needs before it can start, read from configuration (appsettings.json, environment variables
/// such as <c>Mqtt__Password</c>, command line <c>--Edge:GatewayId=...</c>). Everything else (buses, meters,
/// interval) comes from the portal over MQTT.
/// </summary>
public sealed record EdgeSettings
{
    public required string GatewayId { get; init; }

    public required string SiteId { get; init; }

    /// <summary>Outbox database, cached config and logs.</summary>
    public required string DataDirectory { get; init; }

    public required string MqttHost { get; init; }

    public int MqttPort { get; init; } = 1883;

    public string? MqttUsername { get; init; }

    /// <summary>From Mqtt:Password (environment variable Mqtt__Password) or read from the file at Mqtt:PasswordFile.</summary>
    public string? MqttPassword { get; init; }

    public string? MqttTlsCaFile { get; init; }

    /// <summary>Stable per gateway, so the broker finds its persistent session again (config is QoS 1).</summary>
    public string MqttClientId => $"edge-{GatewayId}";

    public TimeSpan MqttKeepAlive { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan MqttReconnectDelayMax { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Reads and checks every setting; on failure the list names each setting and what is wrong with it, so one
    /// start-up attempt tells the installer everything to fix.
    /// </summary>
    public static (EdgeSettings? Settings, IReadOnlyList<string> Errors) Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new List<string>();
        var gatewayId = Id(configuration, "Edge:GatewayId", errors);
        var siteId = Id(configuration, "Edge:SiteId", errors);
        var dataDirectory = configuration["Edge:DataDirectory"];
        if (string.IsNullOrWhiteSpace(dataDirectory))
        {
            errors.Add("Edge:DataDirectory is required (where the outbox, the cached config and the logs are kept).");
        }

        var host = configuration["Mqtt:Host"];
        if (string.IsNullOrWhiteSpace(host))
        {
            errors.Add("Mqtt:Host is required (the portal's MQTT broker).");
        }

        var port = Number(configuration, "Mqtt:Port", 1883, 1, 65535, errors);
        var username = Optional(configuration["Mqtt:Username"]);
        var password = Password(configuration, errors);
        if (password is not null && username is null)
        {
            errors.Add("Mqtt:Password is set but Mqtt:Username is not.");
        }

        var caFile = Optional(configuration["Mqtt:TlsCaFile"]);
        if (caFile is not null && !File.Exists(caFile))
        {
            errors.Add($"Mqtt:TlsCaFile '{caFile}' does not exist.");
        }

        var keepAlive = Number(configuration, "Mqtt:KeepAliveSeconds", 30, 5, 3600, errors);
        var reconnectMax = Number(configuration, "Mqtt:ReconnectDelayMaxSeconds", 30, 0.1, 3600, errors);
        var heartbeat = Number(configuration, "Edge:HeartbeatSeconds", 60, 5, 3600, errors);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new EdgeSettings
        {
            GatewayId = gatewayId!,
            SiteId = siteId!,
            DataDirectory = Path.GetFullPath(dataDirectory!),
            MqttHost = host!,
            MqttPort = (int)port,
            MqttUsername = username,
            MqttPassword = password,
            MqttTlsCaFile = caFile,
            MqttKeepAlive = TimeSpan.FromSeconds(keepAlive),
            MqttReconnectDelayMax = TimeSpan.FromSeconds(reconnectMax),
            HeartbeatInterval = TimeSpan.FromSeconds(heartbeat),
        }, errors);
    }

    private static string? Id(IConfiguration configuration, string key, List<string> errors)
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{key} is required.");
            return null;
        }

        if (!Topics.IsValidId(value))
        {
            errors.Add($"{key} '{value}' is not a valid id: use 1-{Topics.MaxIdLength} of A-Z a-z 0-9 - _ (it becomes an MQTT topic level).");
            return null;
        }

        return value;
    }

    private static double Number(IConfiguration configuration, string key, double fallback, double min, double max, List<string> errors)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            errors.Add($"{key} '{text}' must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}.");
            return fallback;
        }

        return value;
    }

    private static string? Password(IConfiguration configuration, List<string> errors)
    {
        var password = Optional(configuration["Mqtt:Password"]);
        var file = Optional(configuration["Mqtt:PasswordFile"]);
        if (file is null)
        {
            return password;
        }

        if (password is not null)
        {
            errors.Add("Mqtt:Password and Mqtt:PasswordFile are both set; keep one.");
            return null;
        }

        try
        {
            // A secret file usually ends with a newline that is not part of the password.
            var text = File.ReadAllText(file).TrimEnd('\r', '\n');
            if (text.Length == 0)
            {
                errors.Add($"Mqtt:PasswordFile '{file}' is empty.");
                return null;
            }

            return text;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            errors.Add($"Mqtt:PasswordFile '{file}' cannot be read: {error.Message}");
            return null;
        }
    }

    private static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

/// <summary>Settings that keep the gateway from starting; the message lists every problem, one per line.</summary>
public sealed class EdgeSettingsException : Exception
{
    public EdgeSettingsException()
        : this([])
    {
    }

    public EdgeSettingsException(string message)
        : base(message)
    {
        Problems = [message];
    }

    public EdgeSettingsException(string message, Exception inner)
        : base(message, inner)
    {
        Problems = [message];
    }

    public EdgeSettingsException(IReadOnlyList<string> problems)
        : base("The edge cannot start; fix these settings:" + Environment.NewLine + string.Join(Environment.NewLine, (problems ?? []).Select(p => "  - " + p)))
    {
        Problems = problems ?? [];
    }

    public IReadOnlyList<string> Problems { get; } = [];
}
