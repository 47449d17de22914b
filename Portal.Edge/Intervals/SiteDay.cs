using Portal.Contracts.Mqtt;

namespace Portal.Edge.Intervals;

/// <summary>The quarter-hour boundaries of a local day at a site (92, 96 or 100 intervals).</summary>
public static class SiteDay
{
    /// <summary>Boundaries from local midnight to the next local midnight, both included, as UTC instants.</summary>
    public static IReadOnlyList<DateTimeOffset> Boundaries(DateOnly day, TimeZoneInfo zone)
    {
        var start = QuarterHour.StartOfLocalDay(day, zone);
        var count = QuarterHour.CountInLocalDay(day, zone);
        return [.. Enumerable.Range(0, count + 1).Select(i => start + (QuarterHour.Length * i))];
    }
}
