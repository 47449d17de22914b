namespace Portal.Energy;

/// <summary>
/// What a recompute changes of the stored quarter-hours: the site and meter rows that are new or differ from the
/// stored ones (only those are written), how much each meter row moved (new minus stored, added to the meter's
/// hour, day and month rows, which stay the sums of their quarter-hours), and the quarter-hours whose site row
/// changed (their buckets' site rows are summed again). A late interval of one meter thus writes its quarter-hour's
/// rows, not the day's. Pure.
/// </summary>
public sealed class QuarterHourChanges
{
    private QuarterHourChanges(List<SiteEnergy> sites, List<MeterEnergy> meters, List<MeterEnergy> meterDeltas, bool formerConsumers)
    {
        Sites = sites;
        Meters = meters;
        MeterDeltas = meterDeltas;
        HasFormerConsumers = formerConsumers;
    }

    /// <summary>Site quarter-hours to write: new, or with a figure or meter fingerprint that differs from the stored row.</summary>
    public IReadOnlyList<SiteEnergy> Sites { get; }

    /// <summary>Meter quarter-hours to write: new, or with a figure that differs from the stored row.</summary>
    public IReadOnlyList<MeterEnergy> Meters { get; }

    /// <summary>Per written meter row, its figures minus the stored ones (a new row counts whole).</summary>
    public IReadOnlyList<MeterEnergy> MeterDeltas { get; }

    /// <summary>Stored meter rows of meters that are no longer consumers: the range's rows of such meters must go.</summary>
    public bool HasFormerConsumers { get; }

    /// <summary>
    /// Compares freshly computed quarter-hours with the stored ones of the same range. A quarter-hour whose site row
    /// and meter fingerprint (<see cref="MeterFingerprint"/>) equal the stored ones has the same meter rows too; only
    /// for the others are the stored meter rows asked for (<paramref name="storedMetersOf"/>) and compared. Stored
    /// rows of meters that are not among <paramref name="consumers"/> are not compared: they are deleted with their
    /// roll-ups.
    /// </summary>
    public static QuarterHourChanges Between(IEnumerable<SiteEnergy> storedSites, IEnumerable<SiteEnergy> sites,
        Func<IReadOnlyCollection<DateTime>, IEnumerable<MeterEnergy>> storedMetersOf, IEnumerable<MeterEnergy> meters, IReadOnlySet<string> consumers)
    {
        var siteRows = storedSites.ToDictionary(s => s.StartUtc);
        var changedSites = sites.Where(s => !siteRows.TryGetValue(s.StartUtc, out var stored) || !SameFigures(stored, s)).ToList();
        var changedStarts = changedSites.Select(s => s.StartUtc).ToHashSet();

        var meterRows = new Dictionary<(string MeterId, DateTime StartUtc), MeterEnergy>();
        var formerConsumers = false;
        foreach (var stored in storedMetersOf(changedStarts))
        {
            if (consumers.Contains(stored.MeterId))
            {
                meterRows[(stored.MeterId, stored.StartUtc)] = stored;
            }
            else
            {
                formerConsumers = true;
            }
        }

        var changedMeters = new List<MeterEnergy>();
        var deltas = new List<MeterEnergy>();
        foreach (var row in meters)
        {
            if (!changedStarts.Contains(row.StartUtc))
            {
                continue;
            }

            var found = meterRows.TryGetValue((row.MeterId, row.StartUtc), out var stored);
            if (found && stored!.ConsumedWh == row.ConsumedWh && stored.SolarWh == row.SolarWh && stored.EstimatedQuarterHours == row.EstimatedQuarterHours)
            {
                continue;
            }

            changedMeters.Add(row);
            deltas.Add(new MeterEnergy
            {
                MeterId = row.MeterId,
                SiteId = row.SiteId,
                Resolution = row.Resolution,
                StartUtc = row.StartUtc,
                ConsumedWh = row.ConsumedWh - (stored?.ConsumedWh ?? 0),
                SolarWh = row.SolarWh - (stored?.SolarWh ?? 0),
                EstimatedQuarterHours = row.EstimatedQuarterHours - (stored?.EstimatedQuarterHours ?? 0),
            });
        }

        return new QuarterHourChanges(changedSites, changedMeters, deltas, formerConsumers);
    }

    private static bool SameFigures(SiteEnergy stored, SiteEnergy computed) =>
        stored.MeterRowsFingerprint == computed.MeterRowsFingerprint && EnergyColumns.Site.All(column => column.Get(stored) == column.Get(computed));
}
