namespace Portal.Energy;

/// <summary>
/// A billing point's energy over some days: consumed, and of it the solar share allocated to it (ZEV-07); the
/// rest came from the grid. <see cref="HasData"/> is false when no meter of it reported in those days.
/// </summary>
public readonly record struct BillingPointFigures(long ConsumedWh, long SolarWh, bool HasData)
{
    public long GridWh => ConsumedWh - SolarWh;

    /// <summary>Solar / consumed, null without consumption (0 % would be a claim).</summary>
    public decimal? SolarShare => ConsumedWh > 0 ? Math.Round((decimal)SolarWh / ConsumedWh, 4) : null;

    public BillingPointFigures Plus(BillingPointFigures other) => new(ConsumedWh + other.ConsumedWh, SolarWh + other.SolarWh, HasData || other.HasData);
}

/// <summary>A bucket of a billing point's series, starting at <see cref="StartUtc"/> (zero outside the days asked for).</summary>
public sealed record BillingPointBucket(DateTime StartUtc, long ConsumedWh, long SolarWh);

/// <summary>A billing point's figures over days: the sum of its meters, or the site's metered load for a single consumer.</summary>
/// <remarks>
/// One place for what a billing point's energy is: the resident's page and the owner's API read it from here.
/// Meters of the point: <paramref name="meters"/>; null for a single-consumer site (no meter rows).
/// </remarks>
public sealed class BillingPointEnergy(EnergyHistory history, Guid siteId, IReadOnlyList<string>? meters, TimeZoneInfo zone)
{
    /// <summary>The point's energy over the given ranges of local days.</summary>
    public async Task<BillingPointFigures> TotalAsync(IEnumerable<(DateOnly Start, DateOnly End)> days, CancellationToken ct)
    {
        var total = default(BillingPointFigures);
        foreach (var (start, end) in days)
        {
            var (fromUtc, toUtc) = (EnergyBuckets.LocalMidnight(start, zone), EnergyBuckets.LocalMidnight(end, zone));
            if (meters is null)
            {
                var site = await history.SiteTotalAsync(siteId, fromUtc, toUtc, zone, ct);
                total = total.Plus(new BillingPointFigures(site.MeteredWh, site.SolarToMetersWh, site.QuarterHours > 0));
                continue;
            }

            foreach (var meter in await history.MeterTotalsAsync(siteId, fromUtc, toUtc, zone, ct))
            {
                if (meters.Contains(meter.MeterId, StringComparer.Ordinal))
                {
                    total = total.Plus(new BillingPointFigures(meter.ConsumedWh, meter.SolarWh, true));
                }
            }
        }

        return total;
    }

    /// <summary>
    /// The buckets of <paramref name="period"/> at <paramref name="resolution"/>, each summed over the given days only
    /// (zero outside them). Quarter-hours, hours and days lie inside or outside a range of local days; a month is
    /// summed from the days of it that are given.
    /// </summary>
    public async Task<IReadOnlyList<BillingPointBucket>> SeriesAsync(EnergyPeriod period, EnergyResolution resolution, IReadOnlyList<(DateOnly Start, DateOnly End)> occupied, CancellationToken ct)
    {
        var (fromUtc, toUtc) = period.ToUtc(zone);
        var starts = EnergyBuckets.Touching(resolution, fromUtc, toUtc, zone).ToList();
        var values = starts.ToDictionary(s => s, _ => default(BillingPointFigures));
        if (resolution == EnergyResolution.Month)
        {
            // A month is summed over the days of it the resident lived there.
            foreach (var start in starts)
            {
                var (first, next) = (EnergyBuckets.LocalDay(start, zone), EnergyBuckets.LocalDay(EnergyBuckets.Next(resolution, start, zone), zone));
                var inMonth = occupied.Select(d => (Start: d.Start > first ? d.Start : first, End: d.End < next ? d.End : next)).Where(d => d.Start < d.End);
                values[start] = await TotalAsync(inMonth, ct);
            }
        }
        else
        {
            // Hours and days start at or after local midnight, so a bucket is inside the occupied days or outside them.
            foreach (var (start, end) in occupied)
            {
                var (from, to) = (EnergyBuckets.LocalMidnight(start, zone), EnergyBuckets.LocalMidnight(end, zone));
                if (meters is null)
                {
                    foreach (var row in await history.SiteSeriesAsync(siteId, resolution, from, to, ct))
                    {
                        Add(values, row.StartUtc, new BillingPointFigures(row.MeteredWh, row.SolarToMetersWh, true));
                    }

                    continue;
                }

                foreach (var row in await history.MeterSeriesAsync(siteId, [.. meters], resolution, from, to, ct))
                {
                    Add(values, row.StartUtc, new BillingPointFigures(row.ConsumedWh, row.SolarWh, true));
                }
            }
        }

        return [.. starts.Select(s => new BillingPointBucket(s, values[s].ConsumedWh, values[s].SolarWh))];
    }

    private static void Add(Dictionary<DateTime, BillingPointFigures> values, DateTime start, BillingPointFigures figures)
    {
        if (values.TryGetValue(start, out var known))
        {
            values[start] = known.Plus(figures);
        }
    }
}
