using System.ComponentModel.DataAnnotations;
using Portal.Contracts.Mqtt;

namespace Portal.Edge.Hosting;

/// <summary>
/// Settings under <c>Edge</c> (appsettings.json, environment <c>Edge__GatewayId</c>, command line
/// <c>--Edge:GatewayId=...</c>). Everything else (buses, meters, interval) comes from the portal over MQTT.
/// Every rule is a property attribute, so one start-up attempt reports every problem.
/// </summary>
public sealed class EdgeOptions
{
    public const string Section = "Edge";

    /// <summary>Becomes a topic level and the broker user name; 1-64 of A-Z a-z 0-9 - _.</summary>
    [Required(AllowEmptyStrings = false)]
    [TopicId]
    public string GatewayId { get; set; } = "";

    /// <summary>The portal's site id (its Guid in "N" form); a topic level too.</summary>
    [Required(AllowEmptyStrings = false)]
    [TopicId]
    public string SiteId { get; set; } = "";

    /// <summary>Outbox database, cached config and logs; relative to the working directory.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DataDirectory { get; set; } = "edge-data";

    /// <summary>Retained <c>online</c> status repeated this often.</summary>
    [Range(5, 3600)]
    public int HeartbeatSeconds { get; set; } = 60;

    [AttributeUsage(AttributeTargets.Property)]
    private sealed class TopicIdAttribute : ValidationAttribute
    {
        protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
            value is string { Length: > 0 } id && !Topics.IsValidId(id)
                ? new ValidationResult($"not a valid id: use 1-{Topics.MaxIdLength} of A-Z a-z 0-9 - _ (it becomes an MQTT topic level).", [validationContext.MemberName!])
                : ValidationResult.Success;
    }
}

/// <summary>The broker connection, settings under <c>Mqtt</c>. The client id is <c>edge-{GatewayId}</c>.</summary>
public sealed class EdgeMqttOptions
{
    public const string Section = "Mqtt";

    [Required(AllowEmptyStrings = false)]
    public string Host { get; set; } = "127.0.0.1";

    [Range(1, 65535)]
    public int Port { get; set; } = 1883;

    [NeededByPassword]
    public string? Username { get; set; }

    /// <summary>Set it through the environment (<c>Mqtt__Password</c>) or use <see cref="PasswordFile"/>, never appsettings.json.</summary>
    public string? Password { get; set; }

    [SecretFile]
    public string? PasswordFile { get; set; }

    /// <summary>When set, TLS verified against this CA.</summary>
    [ExistingFile]
    public string? TlsCaFile { get; set; }

    [Range(5, 3600)]
    public int KeepAliveSeconds { get; set; } = 30;

    [Range(0.1, 3600)]
    public double ReconnectDelayMaxSeconds { get; set; } = 30;

    /// <summary>The password from <see cref="PasswordFile"/> if set, else <see cref="Password"/>; null for none.</summary>
    public string? ResolvePassword() => Has(PasswordFile) ? ReadSecret(PasswordFile!, out _) : Has(Password) ? Password : null;

    private static bool Has(string? value) => !string.IsNullOrWhiteSpace(value);

    private static string? ReadSecret(string path, out string problem)
    {
        problem = "";
        try
        {
            // A secret file usually ends with a newline that is not part of the password.
            var text = File.ReadAllText(path).TrimEnd('\r', '\n');
            if (text.Length == 0)
            {
                problem = "the file is empty.";
                return null;
            }

            return text;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            problem = $"cannot be read: {error.Message}";
            return null;
        }
    }

    private static ValidationResult Fail(string message, ValidationContext context) => new(message, [context.MemberName!]);

    [AttributeUsage(AttributeTargets.Property)]
    private sealed class NeededByPasswordAttribute : ValidationAttribute
    {
        protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
            validationContext.ObjectInstance is EdgeMqttOptions o && (Has(o.Password) || Has(o.PasswordFile)) && !Has(o.Username)
                ? Fail("a password needs a user name (Mqtt:Username).", validationContext)
                : ValidationResult.Success;
    }

    [AttributeUsage(AttributeTargets.Property)]
    private sealed class SecretFileAttribute : ValidationAttribute
    {
        protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
        {
            if (value is not string { Length: > 0 } path || validationContext.ObjectInstance is not EdgeMqttOptions options)
            {
                return ValidationResult.Success;
            }

            if (Has(options.Password))
            {
                return Fail("Mqtt:Password and Mqtt:PasswordFile are both set; keep one.", validationContext);
            }

            return ReadSecret(path, out var problem) is null ? Fail(problem, validationContext) : ValidationResult.Success;
        }
    }

    [AttributeUsage(AttributeTargets.Property)]
    private sealed class ExistingFileAttribute : ValidationAttribute
    {
        protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
            value is string { Length: > 0 } path && !File.Exists(path) ? Fail("file does not exist.", validationContext) : ValidationResult.Success;
    }
}
