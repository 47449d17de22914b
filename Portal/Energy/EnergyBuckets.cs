using Portal.Contracts.Mqtt;

namespace Portal.Energy;

/// <summary>
/// Where buckets of each <see cref="EnergyResolution"/> begin and end: quarter-hours and hours in UTC, days and
/// months at local midnight of the site's zone (so a day has 92, 96 or 100 quarter-hours). Pure.
/// </summary>
public static class EnergyBuckets
{
    public static DateTime StartOf(EnergyResolution resolution, DateTime utc, TimeZoneInfo zone) => resolution switch
    {
        EnergyResolution.QuarterHour => QuarterHour.Floor(new DateTimeOffset(utc, TimeSpan.Zero)).UtcDateTime,
        EnergyResolution.Hour => new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerHour), DateTimeKind.Utc),
        EnergyResolution.Day => LocalMidnight(LocalDay(utc, zone), zone),
        EnergyResolution.Month => LocalMidnight(FirstOfMonth(LocalDay(utc, zone)), zone),
        _ => throw new ArgumentOutOfRangeException(nameof(resolution)),
    };

    /// <summary>The start of the bucket after the one that starts at <paramref name="bucketStartUtc"/>.</summary>
    public static DateTime Next(EnergyResolution resolution, DateTime bucketStartUtc, TimeZoneInfo zone) => resolution switch
    {
        EnergyResolution.QuarterHour => bucketStartUtc + QuarterHour.Length,
        EnergyResolution.Hour => bucketStartUtc.AddHours(1),
        EnergyResolution.Day => LocalMidnight(LocalDay(bucketStartUtc, zone).AddDays(1), zone),
        EnergyResolution.Month => LocalMidnight(LocalDay(bucketStartUtc, zone).AddMonths(1), zone),
        _ => throw new ArgumentOutOfRangeException(nameof(resolution)),
    };

    /// <summary>The starts of every bucket that overlaps [<paramref name="fromUtc"/>, <paramref name="toUtc"/>).</summary>
    public static IEnumerable<DateTime> Touching(EnergyResolution resolution, DateTime fromUtc, DateTime toUtc, TimeZoneInfo zone)
    {
        for (var start = StartOf(resolution, fromUtc, zone); start < toUtc; start = Next(resolution, start, zone))
        {
            yield return start;
        }
    }

    /// <summary>The UTC instant of local midnight starting <paramref name="day"/>.</summary>
    public static DateTime LocalMidnight(DateOnly day, TimeZoneInfo zone) => QuarterHour.StartOfLocalDay(day, zone).UtcDateTime;

    /// <summary>The local calendar day an instant falls on.</summary>
    public static DateOnly LocalDay(DateTime utc, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone));

    private static DateOnly FirstOfMonth(DateOnly day) => new(day.Year, day.Month, 1);
}
