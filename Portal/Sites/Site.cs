namespace Portal.Sites;

/// <summary>A building or group of buildings whose energy the platform meters and bills.</summary>
public sealed class Site
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public required string Name { get; set; }

    public string Address { get; set; } = "";

    /// <summary>IANA zone used for tariff windows and display only; instants are stored in UTC.</summary>
    public string TimeZone { get; set; } = "Europe/Zurich";

    public Guid? OwnerId { get; set; }

    public DateTime CreatedUtc { get; set; }

    public Commissioning.SiteType Type { get; set; }

    /// <summary>Internet router of the cabinet: "4G" or "LAN".</summary>
    public string RouterKind { get; set; } = "";

    public string RouterSerial { get; set; } = "";

    /// <summary>The furthest wizard step the installer completed; the wizard resumes after it.</summary>
    public int WizardStep { get; set; }

    /// <summary>Set when every meter answered plausibly in the inspection.</summary>
    public DateTime? CommissionedUtc { get; set; }

    /// <summary>The installer who commissions the site: its creator, or the one an administrator assigned.</summary>
    public Guid? InstallerId { get; set; }

    /// <summary>Set when an owner or administrator archived the site: hidden from lists by default and read-only.</summary>
    public DateTime? ArchivedUtc { get; set; }

    public bool IsArchived => ArchivedUtc is not null;

    /// <summary>The page text (SharedResource) that says why an archived site refuses a change.</summary>
    public const string ArchivedReadOnlyText = "Site.ArchivedReadOnly";

    public List<BillingPoint> BillingPoints { get; set; } = [];

    public List<GridConnection> GridConnections { get; set; } = [];
}

/// <summary>A connection to the DSO grid, with its main fuse and the DSO's meter.</summary>
public sealed class GridConnection
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid SiteId { get; set; }

    public required string Name { get; set; }

    /// <summary>Main fuse per phase, in A (the load-management limit starts from it).</summary>
    public int MainFuseA { get; set; }

    public string DsoMeterNumber { get; set; } = "";
}

/// <summary>A PV installation with its production meter.</summary>
public sealed class PvInstallation
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid SiteId { get; set; }

    public required string Name { get; set; }

    public decimal PeakKw { get; set; }

    public string Inverter { get; set; } = "";

    public string? MeterId { get; set; }
}

/// <summary>An AC battery with its meter (in battery mode: import = charging, export = discharging).</summary>
public sealed class BatteryStorage
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid SiteId { get; set; }

    public decimal CapacityKwh { get; set; }

    public decimal PowerKw { get; set; }

    public string? MeterId { get; set; }
}

/// <summary>What gets invoiced (an apartment, a shop, the common areas).</summary>
public sealed class BillingPoint
{
    /// <summary>Longest name, checked by the owner's form and by <see cref="BillingPoints"/>.</summary>
    public const int NameMaxLength = Commissioning.FieldLimits.NameLength;

    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid SiteId { get; set; }

    public required string Name { get; set; }

    public BillingPointKind Kind { get; set; } = BillingPointKind.Dwelling;

    /// <summary>Who lived or works there, and when (<see cref="Occupancy"/>); never two at the same time.</summary>
    public List<Occupancy> Occupancies { get; set; } = [];
}
