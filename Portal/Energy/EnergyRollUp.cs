namespace Portal.Energy;

/// <summary>
/// Which hour, day and month rows a recompute must bring up to date, and by how much: a meter's longer buckets move
/// by the sum of what its quarter-hours in them moved (<see cref="QuarterHourChanges.MeterDeltas"/>), so they stay
/// the sums of their quarter-hours without reading them; the site's buckets with a changed quarter-hour are summed
/// again from the stored rows (their peaks are maxima, which a difference cannot lower). Pure.
/// </summary>
public static class EnergyRollUp
{
    /// <summary>The starts of the <paramref name="resolution"/> buckets that hold any of <paramref name="quarterHourStarts"/>, in order.</summary>
    public static List<DateTime> Buckets(EnergyResolution resolution, TimeZoneInfo zone, IEnumerable<DateTime> quarterHourStarts)
    {
        var bucketOf = BucketOf(resolution, zone);
        return [.. quarterHourStarts.Select(bucketOf).Distinct().Order()];
    }

    /// <summary>Each meter's quarter-hour differences summed per bucket of <paramref name="resolution"/>.</summary>
    public static List<MeterEnergy> MeterDeltas(EnergyResolution resolution, TimeZoneInfo zone, IEnumerable<MeterEnergy> quarterHourDeltas)
    {
        var buckets = new Dictionary<(string MeterId, DateTime Start), MeterEnergy>();
        var bucketOf = BucketOf(resolution, zone);
        foreach (var delta in quarterHourDeltas)
        {
            var start = bucketOf(delta.StartUtc);
            if (!buckets.TryGetValue((delta.MeterId, start), out var bucket))
            {
                buckets[(delta.MeterId, start)] = bucket = new MeterEnergy { MeterId = delta.MeterId, SiteId = delta.SiteId, Resolution = resolution, StartUtc = start };
            }

            bucket.ConsumedWh += delta.ConsumedWh;
            bucket.SolarWh += delta.SolarWh;
            bucket.EstimatedQuarterHours += delta.EstimatedQuarterHours;
        }

        return [.. buckets.Values];
    }

    // One zone conversion per quarter-hour, however many meters share it.
    private static Func<DateTime, DateTime> BucketOf(EnergyResolution resolution, TimeZoneInfo zone)
    {
        var known = new Dictionary<DateTime, DateTime>();
        return quarterStart =>
        {
            if (!known.TryGetValue(quarterStart, out var bucket))
            {
                known[quarterStart] = bucket = EnergyBuckets.StartOf(resolution, quarterStart, zone);
            }

            return bucket;
        };
    }
}
