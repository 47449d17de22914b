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

    public List<BillingPoint> BillingPoints { get; set; } = [];
}

/// <summary>What gets invoiced (an apartment, a shop, the common areas).</summary>
public sealed class BillingPoint
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid SiteId { get; set; }

    public required string Name { get; set; }

    /// <summary>The resident who currently lives there, if any.</summary>
    public Guid? ResidentId { get; set; }
}
