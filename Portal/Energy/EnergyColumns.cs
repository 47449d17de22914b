namespace Portal.Energy;

/// <summary>One stored figure of <see cref="SiteEnergy"/>: summed over a bucket, or its maximum (the peaks).</summary>
public sealed record EnergyColumn(string Name, Func<SiteEnergy, long> Get, Action<SiteEnergy, long> Set, bool IsPeak = false)
{
    /// <summary>How a longer bucket gets this figure from shorter ones, in SQL.</summary>
    public string Aggregate => IsPeak ? $"MAX({Name})" : $"SUM({Name})";
}

/// <summary>
/// The stored figures of <see cref="SiteEnergy"/>, in one list: the store's inserts, its roll-ups and its reads are
/// all written from it, so a new figure is added here once.
/// </summary>
public static class EnergyColumns
{
    public static IReadOnlyList<EnergyColumn> Site { get; } =
    [
        new(nameof(SiteEnergy.QuarterHours), e => e.QuarterHours, (e, v) => e.QuarterHours = (int)v),
        new(nameof(SiteEnergy.ProductionWh), e => e.ProductionWh, (e, v) => e.ProductionWh = v),
        new(nameof(SiteEnergy.GridImportWh), e => e.GridImportWh, (e, v) => e.GridImportWh = v),
        new(nameof(SiteEnergy.GridExportWh), e => e.GridExportWh, (e, v) => e.GridExportWh = v),
        new(nameof(SiteEnergy.BatteryChargeWh), e => e.BatteryChargeWh, (e, v) => e.BatteryChargeWh = v),
        new(nameof(SiteEnergy.BatteryDischargeWh), e => e.BatteryDischargeWh, (e, v) => e.BatteryDischargeWh = v),
        new(nameof(SiteEnergy.PvToLoadWh), e => e.PvToLoadWh, (e, v) => e.PvToLoadWh = v),
        new(nameof(SiteEnergy.PvToBatteryWh), e => e.PvToBatteryWh, (e, v) => e.PvToBatteryWh = v),
        new(nameof(SiteEnergy.PvToGridWh), e => e.PvToGridWh, (e, v) => e.PvToGridWh = v),
        new(nameof(SiteEnergy.GridToLoadWh), e => e.GridToLoadWh, (e, v) => e.GridToLoadWh = v),
        new(nameof(SiteEnergy.GridToBatteryWh), e => e.GridToBatteryWh, (e, v) => e.GridToBatteryWh = v),
        new(nameof(SiteEnergy.BatteryToLoadWh), e => e.BatteryToLoadWh, (e, v) => e.BatteryToLoadWh = v),
        new(nameof(SiteEnergy.BatteryToGridWh), e => e.BatteryToGridWh, (e, v) => e.BatteryToGridWh = v),
        new(nameof(SiteEnergy.ConsumptionWh), e => e.ConsumptionWh, (e, v) => e.ConsumptionWh = v),
        new(nameof(SiteEnergy.MeteredWh), e => e.MeteredWh, (e, v) => e.MeteredWh = v),
        new(nameof(SiteEnergy.CommonAreaWh), e => e.CommonAreaWh, (e, v) => e.CommonAreaWh = v),
        new(nameof(SiteEnergy.ResidualWh), e => e.ResidualWh, (e, v) => e.ResidualWh = v),
        new(nameof(SiteEnergy.ResidualSolarWh), e => e.ResidualSolarWh, (e, v) => e.ResidualSolarWh = v),
        new(nameof(SiteEnergy.ImbalanceWh), e => e.ImbalanceWh, (e, v) => e.ImbalanceWh = v),
        new(nameof(SiteEnergy.PeakGridImportWh), e => e.PeakGridImportWh, (e, v) => e.PeakGridImportWh = v, IsPeak: true),
        new(nameof(SiteEnergy.PeakConsumptionWh), e => e.PeakConsumptionWh, (e, v) => e.PeakConsumptionWh = v, IsPeak: true),
        new(nameof(SiteEnergy.MissingReadings), e => e.MissingReadings, (e, v) => e.MissingReadings = (int)v),
        new(nameof(SiteEnergy.EstimatedReadings), e => e.EstimatedReadings, (e, v) => e.EstimatedReadings = (int)v),
        new(nameof(SiteEnergy.BackwardsReadings), e => e.BackwardsReadings, (e, v) => e.BackwardsReadings = (int)v),
    ];

    /// <summary>The site's load, as a heat map shows it.</summary>
    public static EnergyColumn Consumption { get; } = Site.Single(c => c.Name == nameof(SiteEnergy.ConsumptionWh));

    /// <summary>"Name1, Name2, ..." of <see cref="Site"/>.</summary>
    public static string SiteNames { get; } = string.Join(", ", Site.Select(c => c.Name));
}
