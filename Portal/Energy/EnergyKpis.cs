namespace Portal.Energy;

/// <summary>
/// The key figures of a period, from its summed balance (so they are the same whatever bucket they were read from):
/// <list type="bullet">
/// <item>self-consumption rate: PV used on site (directly or through the battery) / PV produced;</item>
/// <item>autarky: the load's energy that did not come from the grid / the load;</item>
/// <item>the highest 15-minute average grid import power of the period (a quarter-hour's Wh x 4).</item>
/// </list>
/// Rates are null when their denominator is zero (no sun, no load): 0 % would be a claim.
/// </summary>
public sealed record EnergyKpis(
    long ProductionWh,
    long ConsumptionWh,
    long SolarUsedOnSiteWh,
    long GridImportWh,
    long GridExportWh,
    decimal? SelfConsumptionRate,
    decimal? Autarky,
    long PeakGridPowerW)
{
    public static EnergyKpis Of(SiteEnergy energy) => new(
        energy.ProductionWh,
        energy.ConsumptionWh,
        energy.SolarUsedOnSiteWh,
        energy.GridImportWh,
        energy.GridExportWh,
        Rate(energy.SolarUsedOnSiteWh, energy.ProductionWh),
        Rate(energy.LocalSupplyWh, energy.ConsumptionWh),
        energy.PeakGridImportWh * 4);

    private static decimal? Rate(long part, long whole) => whole > 0 ? Math.Round((decimal)part / whole, 4) : null;
}
