namespace Portal.Energy;

/// <summary>One piece of a period read from buckets of one resolution.</summary>
public readonly record struct EnergyTile(EnergyResolution Resolution, DateTime FromUtc, DateTime ToUtc);

/// <summary>
/// Cuts a period into the fewest stored buckets: whole local months, then whole local days, then quarter-hours at
/// the ends. Since every bucket is the sum of its quarter-hours, the total is the same as summing quarter-hours.
/// </summary>
public static class EnergyTiling
{
    public static IReadOnlyList<EnergyTile> Of(DateTime fromUtc, DateTime toUtc, TimeZoneInfo zone)
    {
        var tiles = new List<EnergyTile>();
        Cover(tiles, EnergyResolution.Month, fromUtc, toUtc, zone);
        return tiles;
    }

    private static void Cover(List<EnergyTile> tiles, EnergyResolution resolution, DateTime fromUtc, DateTime toUtc, TimeZoneInfo zone)
    {
        if (fromUtc >= toUtc)
        {
            return;
        }

        if (resolution == EnergyResolution.QuarterHour)
        {
            tiles.Add(new EnergyTile(resolution, fromUtc, toUtc));
            return;
        }

        var finer = resolution == EnergyResolution.Month ? EnergyResolution.Day : EnergyResolution.QuarterHour;
        var first = EnergyBuckets.StartOf(resolution, fromUtc, zone);
        first = first < fromUtc ? EnergyBuckets.Next(resolution, first, zone) : first;
        var end = first;
        while (end < toUtc && EnergyBuckets.Next(resolution, end, zone) is var next && next <= toUtc)
        {
            end = next;
        }

        if (end == first)
        {
            Cover(tiles, finer, fromUtc, toUtc, zone);
            return;
        }

        Cover(tiles, finer, fromUtc, first, zone);
        tiles.Add(new EnergyTile(resolution, first, end));
        Cover(tiles, finer, end, toUtc, zone);
    }
}
