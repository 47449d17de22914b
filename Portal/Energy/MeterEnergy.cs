namespace Portal.Energy;

/// <summary>
/// A consumption meter's energy over one bucket and its share of the site's solar (ZEV-07): the rest came from the
/// grid. Billing points read the sum of their meters. Stored once per (meter, resolution, start).
/// </summary>
public sealed class MeterEnergy
{
    public required string MeterId { get; set; }

    public Guid SiteId { get; set; }

    public EnergyResolution Resolution { get; set; }

    public DateTime StartUtc { get; set; }

    public long ConsumedWh { get; set; }

    /// <summary>Solar (PV and the battery it charged) allocated to this meter.</summary>
    public long SolarWh { get; set; }

    /// <summary>Quarter-hours of the bucket read from a spread interval.</summary>
    public int EstimatedQuarterHours { get; set; }

    public long GridWh => ConsumedWh - SolarWh;
}
