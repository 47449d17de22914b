namespace Portal.Commissioning;

/// <summary>
/// A meter's first plausible reading, kept when its site is commissioned: billing starts from these
/// registers, and the commissioning report shows them.
/// </summary>
public sealed class MeterFirstReading
{
    public required string MeterId { get; set; }

    public Guid SiteId { get; set; }

    public DateTime MeasuredUtc { get; set; }

    public long ImportRegisterWh { get; set; }

    public long ExportRegisterWh { get; set; }

    public decimal ActivePowerW { get; set; }

    public decimal? VoltageL1 { get; set; }

    public decimal? VoltageL2 { get; set; }

    public decimal? VoltageL3 { get; set; }

    /// <summary>When the site was commissioned with this reading.</summary>
    public DateTime CommissionedUtc { get; set; }

    public static MeterFirstReading From(Telemetry.LiveMeterValues live, DateTime commissionedUtc) => new()
    {
        MeterId = live.MeterId,
        SiteId = live.SiteId,
        MeasuredUtc = live.MeasuredAt.UtcDateTime,
        ImportRegisterWh = (long)Math.Round(live.ImportKwh * 1000m),
        ExportRegisterWh = (long)Math.Round(live.ExportKwh * 1000m),
        ActivePowerW = live.ActivePowerW,
        VoltageL1 = live.VoltageL1,
        VoltageL2 = live.VoltageL2,
        VoltageL3 = live.VoltageL3,
        CommissionedUtc = commissionedUtc,
    };
}
