namespace Portal.Sites;

/// <summary>
/// The days of an occupancy, <see cref="MoveIn"/> included and <see cref="MoveOut"/> excluded (open-ended while null),
/// and the rules on them. Pure: no clock, no store.
/// </summary>
public readonly record struct OccupancyPeriod(DateOnly MoveIn, DateOnly? MoveOut)
{
    /// <summary>Move-in dates earlier than this are typing mistakes, not history.</summary>
    public static readonly DateOnly Earliest = new(2000, 1, 1);

    /// <summary>Move dates more than this many years ahead are typing mistakes.</summary>
    public const int MaxYearsAhead = 5;

    public static OccupancyPeriod Of(Occupancy occupancy) => new(occupancy.MoveIn, occupancy.MoveOut);

    /// <summary>True when both periods share at least one day.</summary>
    public bool Overlaps(OccupancyPeriod other) =>
        (other.MoveOut is not { } otherOut || MoveIn < otherOut) && (MoveOut is not { } end || other.MoveIn < end);

    /// <summary>True when the resident lives there on <paramref name="day"/>.</summary>
    public bool Contains(DateOnly day) => MoveIn <= day && (MoveOut is not { } end || day < end);

    /// <summary>
    /// The days of [<paramref name="start"/>, <paramref name="end"/>) the resident lived there, as [Start, End); null
    /// when none (a period is clipped to the occupancy: nothing before the move-in or from the move-out on).
    /// </summary>
    public (DateOnly Start, DateOnly End)? Clip(DateOnly start, DateOnly end)
    {
        var from = start > MoveIn ? start : MoveIn;
        var to = MoveOut is { } moveOut && moveOut < end ? moveOut : end;
        return from < to ? (from, to) : null;
    }

    /// <summary>True when the occupancy ended before <paramref name="day"/> (the resident moved out).</summary>
    public bool EndedBy(DateOnly day) => MoveOut is { } end && end <= day;

    /// <summary>The instant the occupancy starts: local midnight of the move-in day, in UTC.</summary>
    public DateTimeOffset StartUtc(TimeZoneInfo zone) => MidnightUtc(MoveIn, zone);

    /// <summary>The instant it ends (local midnight of the move-out day, in UTC), null while open.</summary>
    public DateTimeOffset? EndUtc(TimeZoneInfo zone) => MoveOut is { } end ? MidnightUtc(end, zone) : null;

    /// <summary>The calendar day it is in <paramref name="zone"/> at <paramref name="now"/>.</summary>
    public static DateOnly Today(DateTimeOffset now, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);

    /// <summary>The calendar day it is in the site's zone (an IANA id) at <paramref name="now"/>.</summary>
    public static DateOnly Today(DateTimeOffset now, string zoneId) => Today(now, TimeZoneInfo.FindSystemTimeZoneById(zoneId));

    /// <summary>
    /// What is wrong with this period next to the billing point's other occupancies (none when valid): message keys
    /// of the shared resource.
    /// </summary>
    public IReadOnlyList<string> Problems(IEnumerable<OccupancyPeriod> others, DateOnly today)
    {
        var problems = new List<string>();
        if (MoveIn < Earliest || MoveIn > today.AddYears(MaxYearsAhead))
        {
            problems.Add("Occupancy.MoveInOutOfRange");
        }

        if (MoveOut is { } end && end <= MoveIn)
        {
            problems.Add("Occupancy.MoveOutBeforeMoveIn");
        }
        else if (MoveOut is { } late && late > today.AddYears(MaxYearsAhead))
        {
            problems.Add("Occupancy.MoveOutOutOfRange");
        }

        if (problems.Count == 0 && others.Any(Overlaps))
        {
            problems.Add("Occupancy.Overlaps");
        }

        return problems;
    }

    /// <summary>Local midnight; on a day whose midnight does not exist (a DST jump at 00:00) the first instant after it.</summary>
    private static DateTimeOffset MidnightUtc(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
