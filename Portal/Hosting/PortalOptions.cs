using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Portal.Hosting;

/// <summary>Settings under <c>Portal</c> in appsettings.json (or <c>--Portal:Key=value</c>, or <c>Portal__Key</c>).</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>Folder for the database, logs and backups; relative paths are taken from the content root.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DataDirectory { get; set; } = "data";

    /// <summary>SQLite file; defaults to <c>portal.db</c> in <see cref="DataDirectory"/>.</summary>
    public string? DatabasePath { get; set; }

    /// <summary>Culture used when the browser asks for none we support: en-CH, fr-CH or de-CH.</summary>
    [Required]
    [AllowedValues("en-CH", "fr-CH", "de-CH", ErrorMessage = "must be one of en-CH, fr-CH, de-CH.")]
    public string DefaultCulture { get; set; } = "en-CH";

    [ValidateObjectMembers]
    public SignInPolicy SignIn { get; set; } = new();

    [ValidateObjectMembers]
    public DemoOptions Demo { get; set; } = new();

    public InstallerSettings Installers { get; set; } = new();

    [ValidateObjectMembers]
    public BrokerSettings Broker { get; set; } = new();

    [ValidateObjectMembers]
    public MetricsSettings Metrics { get; set; } = new();
}

/// <summary>The MQTT broker the gateways publish to; the portal subscribes with its own account.</summary>
public sealed class BrokerSettings : IValidatableObject
{
    /// <summary>Off by default so a portal without a broker starts quietly; the run command turns it on.</summary>
    public bool Enabled { get; set; }

    [Required(AllowEmptyStrings = false)]
    public string Host { get; set; } = "127.0.0.1";

    [Range(1, 65535)]
    public int Port { get; set; } = 1883;

    /// <summary>Stable, so the broker keeps the portal's QoS 1 queue while the portal restarts.</summary>
    [Required(AllowEmptyStrings = false)]
    [RegularExpression("^[A-Za-z0-9_-]{1,64}$", ErrorMessage = "use 1-64 of A-Z a-z 0-9 - _.")]
    public string ClientId { get; set; } = "portal";

    /// <summary>
    /// How long the broker keeps the portal's session, and so its queue of unacknowledged intervals, while the
    /// portal is down. The broker's max_queued_messages bounds that queue too (see README, broker for production).
    /// </summary>
    [Range(1, 365)]
    public int SessionExpiryDays { get; set; } = 7;

    public string? Username { get; set; }

    /// <summary>Prefer <see cref="PasswordFile"/> or the environment (Portal__Broker__Password) to keep it out of files in the repository.</summary>
    public string? Password { get; set; }

    public string? PasswordFile { get; set; }

    /// <summary>TLS to the broker when set (production brokers are not on loopback).</summary>
    public string? TlsCaFile { get; set; }

    /// <summary>
    /// The broker's password file (mosquitto_passwd format). When set, the portal adds each new
    /// gateway's account to it and asks the broker whose command line names <see cref="BrokerConfigFile"/> to reload.
    /// </summary>
    public string? AccountsFile { get; set; }

    public string? BrokerConfigFile { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PasswordFile is { Length: > 0 } && !File.Exists(PasswordFile))
        {
            yield return new ValidationResult($"file '{PasswordFile}' does not exist.", [nameof(PasswordFile)]);
        }

        if (TlsCaFile is { Length: > 0 } && !File.Exists(TlsCaFile))
        {
            yield return new ValidationResult($"file '{TlsCaFile}' does not exist.", [nameof(TlsCaFile)]);
        }

        if (AccountsFile is { Length: > 0 } && !File.Exists(AccountsFile))
        {
            yield return new ValidationResult($"file '{AccountsFile}' does not exist.", [nameof(AccountsFile)]);
        }

        if ((Password is { Length: > 0 } || PasswordFile is { Length: > 0 }) && string.IsNullOrEmpty(Username))
        {
            yield return new ValidationResult("a password needs a user name.", [nameof(Username)]);
        }
    }

    /// <summary>The password from the file if one is named, else the setting.</summary>
    public string? ResolvePassword() =>
        PasswordFile is { Length: > 0 } ? File.ReadAllText(PasswordFile).Trim() : Password;
}

/// <summary>Where the portal's metrics go (OpenTelemetry); none are exported while unset.</summary>
public sealed class MetricsSettings : IValidatableObject
{
    /// <summary>An OTLP/gRPC collector, for example <c>http://127.0.0.1:4317</c>.</summary>
    [StringLength(500)]
    public string? OtlpEndpoint { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(OtlpEndpoint)
            && !(Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
        {
            yield return new ValidationResult($"'{OtlpEndpoint}' is not an http(s) address of an OTLP collector.", [nameof(OtlpEndpoint)]);
        }
    }
}

public sealed class SignInPolicy : IValidatableObject
{
    /// <summary>Wrong passwords in a row before the account is locked.</summary>
    [Range(1, 100)]
    public int MaxFailedAttempts { get; set; } = 5;

    [Range(1, 24 * 60)]
    public int LockoutMinutes { get; set; } = 15;

    [Range(8, 128)]
    public int MinimumPasswordLength { get; set; } = 10;

    /// <summary>
    /// Roles whose accounts must enrol an authenticator app before they can use the portal, comma
    /// separated; empty for none. A list in one string, so an override replaces it (configuration
    /// binding appends to a list's defaults).
    /// </summary>
    public string RequireTwoFactorForRoles { get; set; } = $"{Accounts.Roles.Administrator},{Accounts.Roles.Installer}";

    /// <summary>The roles of <see cref="RequireTwoFactorForRoles"/>.</summary>
    public IReadOnlyList<string> RolesRequiringTwoFactor() =>
        RequireTwoFactorForRoles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var unknown = RolesRequiringTwoFactor().Where(r => !Accounts.Roles.IsKnown(r)).ToList();
        if (unknown.Count > 0)
        {
            yield return new ValidationResult(
                $"unknown role {string.Join(", ", unknown.Select(r => $"'{r}'"))}; use a comma-separated list of {string.Join(", ", Accounts.Roles.All)}, or nothing.",
                [nameof(RequireTwoFactorForRoles)]);
        }
    }
}

/// <summary>What installers see.</summary>
public sealed class InstallerSettings
{
    /// <summary>
    /// Off: an installer sees the sites they commission (created or were assigned). On: every installer sees every
    /// site, for a support team that answers for all of them.
    /// </summary>
    public bool SeeAllSites { get; set; }
}

public sealed class DemoOptions
{
    /// <summary>Seeds the demo site and demo accounts (the run command turns this on; never in production).</summary>
    public bool Seed { get; set; }

    /// <summary>First TCP port of the site simulator: the demo's two converters are this port and the next.</summary>
    [Range(1, 65534)]
    public int SimulatorPort { get; set; } = 15020;
}
