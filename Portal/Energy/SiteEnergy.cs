namespace Portal.Energy;

/// <summary>
/// A site's energy over one bucket (<see cref="EnergyResolution"/>): what the meters measured, where the energy went
/// and how the sun was shared (BILLING.md ZEV-06..08), in whole Wh. A quarter-hour is computed by
/// <see cref="QuarterHourBalance"/>; a longer bucket is the sum of its quarter-hours (the peaks are their maximum),
/// so every chart, KPI and invoice reads the same numbers. Stored once per (site, resolution, start).
/// </summary>
/// <remarks>
/// Flows: PV goes first to the grid as far as the introduction measured export, then into the battery, the rest to
/// the site's load; the battery's discharge goes to the grid for any export PV does not explain, the rest to the
/// load; the grid's import charges what of the battery PV did not, the rest goes to the load. So the load is
/// <c>PvToLoad + BatteryToLoad + GridToLoad</c> and equals production + import + discharge - export - charge
/// whenever the meters agree; where they do not, <see cref="ImbalanceWh"/> says by how much.
/// </remarks>
public sealed class SiteEnergy
{
    public Guid SiteId { get; set; }

    public EnergyResolution Resolution { get; set; }

    /// <summary>UTC start of the bucket (a quarter-hour, a UTC hour, a local midnight, a local first of the month).</summary>
    public DateTime StartUtc { get; set; }

    /// <summary>Quarter-hours in the bucket that have a balance (at least one meter reported).</summary>
    public int QuarterHours { get; set; }

    /// <summary>PV production (export register of the PV meters).</summary>
    public long ProductionWh { get; set; }

    /// <summary>Bought from the grid at the introduction meter(s).</summary>
    public long GridImportWh { get; set; }

    /// <summary>Sold to the grid at the introduction meter(s).</summary>
    public long GridExportWh { get; set; }

    public long BatteryChargeWh { get; set; }

    public long BatteryDischargeWh { get; set; }

    public long PvToLoadWh { get; set; }

    public long PvToBatteryWh { get; set; }

    public long PvToGridWh { get; set; }

    public long GridToLoadWh { get; set; }

    public long GridToBatteryWh { get; set; }

    public long BatteryToLoadWh { get; set; }

    public long BatteryToGridWh { get; set; }

    /// <summary>The site's load: everything consumed behind the introduction.</summary>
    public long ConsumptionWh { get; set; }

    /// <summary>What the consumption meters measured (common areas included).</summary>
    public long MeteredWh { get; set; }

    /// <summary>The part of <see cref="MeteredWh"/> measured by common-area meters.</summary>
    public long CommonAreaWh { get; set; }

    /// <summary>Load minus metered consumption: unmetered loads, losses, wiring mistakes. Signed, never hidden.</summary>
    public long ResidualWh { get; set; }

    /// <summary>The residual's share of the site's solar (it is allocated like a consumer when positive).</summary>
    public long ResidualSolarWh { get; set; }

    /// <summary>Sources minus sinks (production + import + discharge - load - charge - export): 0 when the meters agree.</summary>
    public long ImbalanceWh { get; set; }

    /// <summary>Highest grid import of one quarter-hour in the bucket (x 4 = the highest 15-minute average power, W).</summary>
    public long PeakGridImportWh { get; set; }

    /// <summary>Highest load of one quarter-hour in the bucket.</summary>
    public long PeakConsumptionWh { get; set; }

    /// <summary>Meter quarter-hours without any interval (a meter that reported before and stayed silent).</summary>
    public int MissingReadings { get; set; }

    /// <summary>Meter quarter-hours read from an interval that spanned a gap (<see cref="IntervalSpread"/>).</summary>
    public int EstimatedReadings { get; set; }

    /// <summary>Meter quarter-hours whose counter went backwards: they carry no energy.</summary>
    public int BackwardsReadings { get; set; }

    /// <summary>
    /// Of a quarter-hour: the <see cref="MeterFingerprint"/> of its meter rows, so a recompute reads those rows only
    /// where it changed. 0 in longer buckets; not an energy figure (not in <see cref="EnergyColumns"/>).
    /// </summary>
    public long MeterRowsFingerprint { get; set; }

    /// <summary>PV used on the site, directly or through the battery (self-consumption).</summary>
    public long SolarUsedOnSiteWh => PvToLoadWh + PvToBatteryWh;

    /// <summary>The load's energy that did not come from the grid (PV and battery).</summary>
    public long LocalSupplyWh => PvToLoadWh + BatteryToLoadWh;

    /// <summary>Solar allocated to the consumption meters: local supply less the residual's share.</summary>
    public long SolarToMetersWh => LocalSupplyWh - ResidualSolarWh;

    /// <summary>Adds a quarter-hour (or a shorter bucket) into this one: sums, peaks as maxima (<see cref="EnergyColumns"/>).</summary>
    public void Add(SiteEnergy other)
    {
        foreach (var column in EnergyColumns.Site)
        {
            var (mine, theirs) = (column.Get(this), column.Get(other));
            column.Set(this, column.IsPeak ? Math.Max(mine, theirs) : mine + theirs);
        }
    }
}
