namespace Portal.Energy;

public enum PeriodKind
{
    Day,
    Week,
    Month,
    Year,
    Custom,
}

/// <summary>
/// A period of local calendar days of a site, <see cref="Start"/> included and <see cref="End"/> excluded, as the
/// period picker chooses it: a day, an ISO week (Monday first), a month, a year, or custom days. Pure: the site's
/// zone turns it into UTC instants (<see cref="ToUtc"/>), so a 92- or 100-quarter-hour day comes out right.
/// </summary>
public sealed record EnergyPeriod(PeriodKind Kind, DateOnly Start, DateOnly End)
{
    /// <summary>Longest custom period: three years of days (a longer one is refused with a message).</summary>
    public const int MaxCustomDays = 3 * 366;

    /// <summary>Earliest day a period may start on.</summary>
    public static readonly DateOnly Earliest = new(2000, 1, 1);

    public int Days => End.DayNumber - Start.DayNumber;

    /// <summary>The day, week, month or year that contains <paramref name="day"/>.</summary>
    public static EnergyPeriod Containing(PeriodKind kind, DateOnly day) => kind switch
    {
        PeriodKind.Day => new(kind, day, day.AddDays(1)),
        PeriodKind.Week => new(kind, day.AddDays(-(((int)day.DayOfWeek + 6) % 7)), day.AddDays(7 - (((int)day.DayOfWeek + 6) % 7))),
        PeriodKind.Month => new(kind, new DateOnly(day.Year, day.Month, 1), new DateOnly(day.Year, day.Month, 1).AddMonths(1)),
        PeriodKind.Year => new(kind, new DateOnly(day.Year, 1, 1), new DateOnly(day.Year + 1, 1, 1)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), "A custom period has its own days: use Custom."),
    };

    /// <summary>Custom days from <paramref name="first"/> to <paramref name="last"/>, both included.</summary>
    public static EnergyPeriod Custom(DateOnly first, DateOnly last) => new(PeriodKind.Custom, first, last.AddDays(1));

    /// <summary>
    /// Why a period cannot be shown, as a message key of the shared resource (null when it can): its end before its
    /// start, longer than <see cref="MaxCustomDays"/>, starting in the future or before <see cref="Earliest"/>.
    /// </summary>
    public string? Problem(DateOnly today) =>
        End <= Start ? "Energy.Period.EndBeforeStart"
        : Days > MaxCustomDays ? "Energy.Period.TooLong"
        : Start > today ? "Energy.Period.InFuture"
        : Start < Earliest ? "Energy.Period.TooEarly"
        : null;

    /// <summary>The period just before, of the same kind and length.</summary>
    public EnergyPeriod Previous() => Kind switch
    {
        PeriodKind.Custom or PeriodKind.Day or PeriodKind.Week => this with { Start = Start.AddDays(-Days), End = Start },
        PeriodKind.Month => this with { Start = Start.AddMonths(-1), End = Start },
        _ => this with { Start = Start.AddYears(-1), End = Start },
    };

    /// <summary>The period just after, of the same kind and length.</summary>
    public EnergyPeriod Next() => Kind switch
    {
        PeriodKind.Custom or PeriodKind.Day or PeriodKind.Week => this with { Start = End, End = End.AddDays(Days) },
        PeriodKind.Month => this with { Start = End, End = End.AddMonths(1) },
        _ => this with { Start = End, End = End.AddYears(1) },
    };

    /// <summary>The same days one year earlier (a week: the ISO week of the same weekday a year before).</summary>
    public EnergyPeriod YearEarlier() => Kind == PeriodKind.Week
        ? Containing(PeriodKind.Week, Start.AddYears(-1))
        : this with { Start = Start.AddYears(-1), End = End.AddYears(-1) };

    /// <summary>The period as UTC instants: local midnight of its first day to local midnight after its last.</summary>
    public (DateTime FromUtc, DateTime ToUtc) ToUtc(TimeZoneInfo zone) => (EnergyBuckets.LocalMidnight(Start, zone), EnergyBuckets.LocalMidnight(End, zone));

    /// <summary>The bucket a chart of this period plots: quarter-hours for a day, hours for a week, days, months.</summary>
    public EnergyResolution ChartResolution => Kind switch
    {
        PeriodKind.Day => EnergyResolution.QuarterHour,
        PeriodKind.Week => EnergyResolution.Hour,
        PeriodKind.Month => EnergyResolution.Day,
        PeriodKind.Year => EnergyResolution.Month,
        _ => Days switch
        {
            <= 2 => EnergyResolution.QuarterHour,
            <= 14 => EnergyResolution.Hour,
            <= 92 => EnergyResolution.Day,
            _ => EnergyResolution.Month,
        },
    };
}
