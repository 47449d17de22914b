namespace Portal.Energy;

/// <summary>
/// Sums quarter-hour balances into the hour or day buckets that lie wholly inside the range they were computed for,
/// as the store's SQL roll-up would from the stored rows: figures summed, peaks maximised (<see cref="EnergyColumns"/>),
/// per meter summed. A bucket only partly inside the range needs stored quarter-hours from outside it and is left
/// to SQL (<see cref="Partial"/>). Pure.
/// </summary>
public static class EnergyRollUp
{
    /// <summary>The buckets of <paramref name="resolution"/> that overlap [from, to) but are not wholly inside it.</summary>
    public static IEnumerable<DateTime> Partial(EnergyResolution resolution, DateTime fromUtc, DateTime toUtc, TimeZoneInfo zone) =>
        EnergyBuckets.Touching(resolution, fromUtc, toUtc, zone).Where(start => !IsInside(resolution, start, fromUtc, toUtc, zone));

    /// <summary>The site's buckets wholly inside [from, to), from its quarter-hours there; a bucket without any is not returned.</summary>
    public static List<SiteEnergy> Sites(EnergyResolution resolution, DateTime fromUtc, DateTime toUtc, TimeZoneInfo zone, IEnumerable<SiteEnergy> quarterHours)
    {
        var buckets = new Dictionary<DateTime, SiteEnergy>();
        var bucketOf = BucketsInside(resolution, fromUtc, toUtc, zone);
        foreach (var quarter in quarterHours)
        {
            if (bucketOf(quarter.StartUtc) is not { } start)
            {
                continue;
            }

            if (!buckets.TryGetValue(start, out var bucket))
            {
                buckets[start] = bucket = new SiteEnergy { SiteId = quarter.SiteId, Resolution = resolution, StartUtc = start };
                foreach (var column in EnergyColumns.Site)
                {
                    column.Set(bucket, column.Get(quarter));
                }

                continue;
            }

            foreach (var column in EnergyColumns.Site)
            {
                var (sum, value) = (column.Get(bucket), column.Get(quarter));
                column.Set(bucket, column.IsPeak ? Math.Max(sum, value) : sum + value);
            }
        }

        return [.. buckets.Values.OrderBy(b => b.StartUtc)];
    }

    /// <summary>Each meter's buckets wholly inside [from, to), from its quarter-hours there.</summary>
    public static List<MeterEnergy> Meters(EnergyResolution resolution, DateTime fromUtc, DateTime toUtc, TimeZoneInfo zone, IEnumerable<MeterEnergy> quarterHours)
    {
        var buckets = new Dictionary<(string MeterId, DateTime Start), MeterEnergy>();
        var bucketOf = BucketsInside(resolution, fromUtc, toUtc, zone);
        foreach (var quarter in quarterHours)
        {
            if (bucketOf(quarter.StartUtc) is not { } start)
            {
                continue;
            }

            if (!buckets.TryGetValue((quarter.MeterId, start), out var bucket))
            {
                buckets[(quarter.MeterId, start)] = bucket = new MeterEnergy { MeterId = quarter.MeterId, SiteId = quarter.SiteId, Resolution = resolution, StartUtc = start };
            }

            bucket.ConsumedWh += quarter.ConsumedWh;
            bucket.SolarWh += quarter.SolarWh;
            bucket.EstimatedQuarterHours += quarter.EstimatedQuarterHours;
        }

        return [.. buckets.Values];
    }

    // The bucket a quarter-hour belongs to if that bucket is wholly inside the range; one zone conversion per
    // quarter-hour, however many meters share it.
    private static Func<DateTime, DateTime?> BucketsInside(EnergyResolution resolution, DateTime fromUtc, DateTime toUtc, TimeZoneInfo zone)
    {
        var known = new Dictionary<DateTime, DateTime?>();
        return quarterStart =>
        {
            if (!known.TryGetValue(quarterStart, out var bucket))
            {
                var start = EnergyBuckets.StartOf(resolution, quarterStart, zone);
                known[quarterStart] = bucket = IsInside(resolution, start, fromUtc, toUtc, zone) ? start : null;
            }

            return bucket;
        };
    }

    private static bool IsInside(EnergyResolution resolution, DateTime start, DateTime fromUtc, DateTime toUtc, TimeZoneInfo zone) =>
        start >= fromUtc && EnergyBuckets.Next(resolution, start, zone) <= toUtc;
}
