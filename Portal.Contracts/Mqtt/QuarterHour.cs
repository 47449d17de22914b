namespace Portal.Contracts.Mqtt;

/// <summary>
/// Quarter-hour arithmetic. Every time zone the platform serves has a whole-quarter-hour offset, so
/// boundaries are the same instants in UTC and in local time; only the count per local day differs.
/// </summary>
public static class QuarterHour
{
    public static readonly TimeSpan Length = TimeSpan.FromMinutes(15);

    public static bool IsBoundary(DateTimeOffset instant) => instant.UtcTicks % Length.Ticks == 0;

    public static DateTimeOffset Floor(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % Length.Ticks), TimeSpan.Zero);

    /// <summary>Nearest boundary (ties round up).</summary>
    public static DateTimeOffset Nearest(DateTimeOffset instant)
    {
        var floor = Floor(instant);
        return instant.UtcTicks - floor.UtcTicks >= Length.Ticks / 2 ? floor + Length : floor;
    }

    /// <summary>Quarter-hours in a local calendar day: 96, or 92/100 on daylight-saving change days.</summary>
    public static int CountInLocalDay(DateOnly day, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var start = StartOfLocalDay(day, zone);
        var end = StartOfLocalDay(day.AddDays(1), zone);
        return (int)((end - start).Ticks / Length.Ticks);
    }

    /// <summary>The UTC instant at which a local day begins (midnight never falls in a gap in the zones we serve).</summary>
    public static DateTimeOffset StartOfLocalDay(DateOnly day, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }
}
