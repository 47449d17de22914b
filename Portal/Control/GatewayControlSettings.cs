using Portal.Contracts.Control;

namespace Portal.Control;

/// <summary>
/// What a gateway controls beyond its relays: the EV zone, load management at the main fuse (seed 002), ripple
/// control from a module input and the peak guard; and the version of the control overrides last published.
/// </summary>
public sealed class GatewayControlSettings
{
    public required string GatewayId { get; set; }

    /// <summary>1 or 3: a charger or relay on a phase the site lacks is refused.</summary>
    public int SitePhases { get; set; } = 3;

    public bool EvZoneEnabled { get; set; }

    public int ZoneMaxPowerW { get; set; } = 11_000;

    public int ZoneMinPowerW { get; set; } = 1380;

    public ZonePhases ZonePhases { get; set; } = ZonePhases.Auto;

    public bool LoadManagementEnabled { get; set; }

    public int MainLimitA { get; set; } = 40;

    public int MarginA { get; set; } = 2;

    public bool RippleEnabled { get; set; }

    public string? RippleModuleId { get; set; }

    public int? RippleReducedInput { get; set; }

    public int? RippleLockedInput { get; set; }

    public int? RippleReducedLimitW { get; set; }

    public int? RippleReducedLimitA { get; set; }

    public bool PeakGuardEnabled { get; set; }

    /// <summary>12 comma-separated W targets, January first.</summary>
    public string PeakTargetsW { get; set; } = "";

    /// <summary>Version of the last control overrides message (rises with each change).</summary>
    public long OverridesVersion { get; set; }

    /// <summary>That message exactly as published, republished on reconnect; null: never published.</summary>
    public string? PublishedOverrides { get; set; }
}
