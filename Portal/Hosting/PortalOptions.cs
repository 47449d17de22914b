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
}

public sealed class SignInPolicy
{
    /// <summary>Wrong passwords in a row before the account is locked.</summary>
    [Range(1, 100)]
    public int MaxFailedAttempts { get; set; } = 5;

    [Range(1, 24 * 60)]
    public int LockoutMinutes { get; set; } = 15;

    [Range(8, 128)]
    public int MinimumPasswordLength { get; set; } = 10;
}

public sealed class DemoOptions
{
    /// <summary>Seeds the demo site and demo accounts (the run command turns this on; never in production).</summary>
    public bool Seed { get; set; }
}
