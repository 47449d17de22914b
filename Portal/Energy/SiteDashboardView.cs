using Portal.Sites;
using Portal.Telemetry;

namespace Portal.Energy;

/// <summary>One bucket of a dashboard's chart; <see cref="HasData"/> is false where no balance was stored.</summary>
public sealed record EnergySeriesPoint(DateTime StartUtc, long ProductionWh, long ConsumptionWh, long GridImportWh, long GridExportWh, long SelfConsumedWh, bool HasData);

/// <summary>A consumption meter's or billing point's energy over a period and its solar share (ZEV-07).</summary>
public sealed record ConsumerEnergy(string Name, long ConsumedWh, long SolarWh, int EstimatedQuarterHours)
{
    /// <summary>Solar / consumed, null without consumption.</summary>
    public decimal? SolarShare => ConsumedWh > 0 ? Math.Round((decimal)SolarWh / ConsumedWh, 4) : null;
}

/// <summary>
/// Everything the owner's dashboard of a site shows for one period, read in one call (<see cref="SiteDashboard"/>).
/// With a <see cref="Problem"/> (a message key: <see cref="EnergyPeriod.Problem"/> or
/// <see cref="EnergyPeriodQuery.InvalidText"/>) nothing is read and the figures are empty; without data in the
/// period <see cref="HasData"/> is false.
/// </summary>
public sealed record SiteDashboardView(
    Guid SiteId,
    string SiteName,
    TimeZoneInfo Zone,
    DateOnly Today,
    EnergyPeriod Period,
    string? Problem,
    bool HasData,
    IReadOnlyList<EnergySeriesPoint> Series,
    IReadOnlyList<EnergyKpiFigure> Kpis,
    EnergyFlows? Flows,
    IReadOnlyList<ConsumerEnergy> Meters,
    IReadOnlyList<ConsumerEnergy> BillingPoints,
    long ResidualWh,
    long ResidualSolarWh,
    ConsumptionHeatMap? HeatMap,
    IReadOnlyDictionary<string, MeterRole> MeterRoles,
    IReadOnlyList<LiveMeterValues> Live)
{
    public EnergyResolution Resolution => Period.ChartResolution;
}
