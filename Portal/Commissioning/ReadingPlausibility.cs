using Portal.Contracts.Solar;
using Portal.Sites;
using Portal.Telemetry;

namespace Portal.Commissioning;

/// <summary>What the inspection knows around one meter's reading besides the reading itself.</summary>
/// <param name="GatewayOffline">The site's gateway is offline: silence says nothing about the meter's wiring.</param>
/// <param name="Location">Where the site is, for the sun over its PV.</param>
/// <param name="MaxCurrentA">The most current per phase the meter can carry (its fuse, its CTs or the meter itself).</param>
/// <param name="Earlier">An earlier reading of the same meter, to check the counters against the power.</param>
/// <param name="LatestInterval">The meter's latest quarter-hour energy, if any.</param>
public sealed record InspectionContext(
    bool GatewayOffline,
    SiteLocation Location,
    decimal MaxCurrentA,
    LiveMeterValues? Earlier = null,
    IntervalEnergy? LatestInterval = null)
{
    public static InspectionContext Unknown { get; } = new(false, SiteLocation.Switzerland, ReadingPlausibility.DirectMeterMaxA);
}

/// <summary>Energy a meter counted over one period (normally a quarter-hour).</summary>
public sealed record IntervalEnergy(long ImportWh, long ExportWh, TimeSpan Duration);

/// <summary>
/// Values no healthy meter can show, whatever its wiring: a PV meter producing while the sun is down,
/// more current than the fuse lets through, counters rising faster than the power explains. Hints are
/// resource keys of <see cref="CommissioningResource"/>; null means the reading passes the rule.
/// </summary>
public static class ReadingPlausibility
{
    /// <summary>Current an SDM630 direct meter is made for.</summary>
    public const decimal DirectMeterMaxA = 100m;

    /// <summary>A CT meter reads up to this share beyond the CT's primary current (CTs are specified to 120 %).</summary>
    public const decimal CtOverrange = 1.2m;

    /// <summary>Margin above a limit before a value counts as impossible: fuses hold short overloads, meters and CTs err by a few percent.</summary>
    public const decimal Margin = 1.1m;

    public const decimal PhaseVolts = 230m;

    /// <summary>Production beyond this with the sun down is not inverter noise.</summary>
    public const decimal NightProductionWatts = 50m;

    /// <summary>Below this elevation (degrees) no PV array produces: the sun is under the horizon, twilight included.</summary>
    public const double NightElevation = -1.0;

    /// <summary>The shortest gap between two readings over which counters are compared with the power.</summary>
    public static readonly TimeSpan ShortestComparison = TimeSpan.FromSeconds(10);

    /// <summary>Counters are whole Wh and a float register loses a few more: what two readings can disagree by.</summary>
    public const decimal CounterResolutionWh = 10m;

    /// <summary>The most current per phase a meter can carry: its CTs' (or its own) range, and the site's main fuse when known.</summary>
    public static decimal MaxCurrentA(int? ctRatio, int? mainFuseA)
    {
        var meter = ctRatio is > 0 ? ctRatio.Value * CtOverrange : DirectMeterMaxA;
        return mainFuseA is > 0 ? Math.Min(meter, mainFuseA.Value) : meter;
    }

    /// <summary>The first rule the reading breaks, or null.</summary>
    public static string? Check(MeterRole role, LiveMeterValues live, InspectionContext context) =>
        ProducingAtNight(role, live, context.Location)
        ?? AboveLimit(live, context.MaxCurrentA)
        ?? (context.Earlier is { } earlier ? CountersFasterThanPower(earlier, live) : null)
        ?? (context.LatestInterval is { } interval ? IntervalBeyondLimit(interval, context.MaxCurrentA) : null);

    /// <summary>A PV meter counts production as export (negative power); with the sun down there is none.</summary>
    public static string? ProducingAtNight(MeterRole role, LiveMeterValues live, SiteLocation location) =>
        role == MeterRole.PvProduction
        && live.ActivePowerW < -NightProductionWatts
        && SolarPosition.ElevationDegrees(live.MeasuredAt, location.Latitude, location.Longitude) < NightElevation
            ? "Inspection.PvAtNight"
            : null;

    /// <summary>More current on a phase, or more power in total, than the fuse (or the meter) lets through.</summary>
    public static string? AboveLimit(LiveMeterValues live, decimal maxCurrentA)
    {
        var amps = maxCurrentA * Margin;
        decimal?[] currents = [live.CurrentL1, live.CurrentL2, live.CurrentL3];
        if (currents.Any(a => a is { } value && Math.Abs(value) > amps))
        {
            return "Inspection.AboveLimit";
        }

        return Math.Abs(live.ActivePowerW) > MaxPowerW(maxCurrentA) ? "Inspection.AboveLimit" : null;
    }

    /// <summary>
    /// Energy counted between two readings cannot come faster than the power shown at either end allows
    /// (twice the larger, for loads switching in between, plus what the counters' resolution hides).
    /// </summary>
    public static string? CountersFasterThanPower(LiveMeterValues earlier, LiveMeterValues later)
    {
        var elapsed = later.MeasuredAt - earlier.MeasuredAt;
        if (elapsed < ShortestComparison)
        {
            return null;
        }

        var countedWh = (Math.Abs(later.ImportKwh - earlier.ImportKwh) + Math.Abs(later.ExportKwh - earlier.ExportKwh)) * 1000m;
        var hours = (decimal)elapsed.TotalHours;
        var possibleWh = (2 * Math.Max(Math.Abs(earlier.ActivePowerW), Math.Abs(later.ActivePowerW)) + 100m) * hours + CounterResolutionWh;
        return countedWh > possibleWh ? "Inspection.CountersTooFast" : null;
    }

    /// <summary>A quarter-hour cannot hold more energy than the fuse lets through in that time.</summary>
    public static string? IntervalBeyondLimit(IntervalEnergy interval, decimal maxCurrentA)
    {
        var possibleWh = MaxPowerW(maxCurrentA) * (decimal)interval.Duration.TotalHours + CounterResolutionWh;
        return interval.ImportWh > possibleWh || interval.ExportWh > possibleWh ? "Inspection.IntervalTooLarge" : null;
    }

    private static decimal MaxPowerW(decimal maxCurrentA) => 3 * PhaseVolts * maxCurrentA * Margin;
}
