using System.Globalization;

namespace Portal.Energy;

/// <summary>
/// A period and bucket asked for in an address (the exports and the API): <c>from</c> and <c>to</c> are local days
/// of the site as <c>yyyy-MM-dd</c>, <c>to</c> excluded (default: the day after <c>from</c>), and
/// <c>resolution</c> one of <c>quarter-hour</c>, <c>hour</c>, <c>day</c>, <c>month</c>. Pure: it parses and checks,
/// so bad input gets a message (<see cref="Problem"/>, a key of the shared resource) instead of an error.
/// </summary>
public sealed record EnergyQuery(EnergyPeriod Period, EnergyResolution Resolution)
{
    public static IReadOnlyDictionary<string, EnergyResolution> Resolutions { get; } = new Dictionary<string, EnergyResolution>(StringComparer.OrdinalIgnoreCase)
    {
        ["quarter-hour"] = EnergyResolution.QuarterHour,
        ["hour"] = EnergyResolution.Hour,
        ["day"] = EnergyResolution.Day,
        ["month"] = EnergyResolution.Month,
    };

    /// <summary>The query, or the key of the message that says what is wrong with it.</summary>
    public static (EnergyQuery? Query, string? Problem) Parse(string? from, string? to, string? resolution, DateOnly today, EnergyResolution defaultResolution = EnergyResolution.Day)
    {
        if (!TryDay(from, out var first) || (to is { Length: > 0 } && !TryDay(to, out _)))
        {
            return (null, "Energy.Query.BadDay");
        }

        var end = TryDay(to, out var last) ? last : first.AddDays(1);
        var bucket = defaultResolution;
        if (resolution is { Length: > 0 } && !Resolutions.TryGetValue(resolution, out bucket))
        {
            return (null, "Energy.Query.BadResolution");
        }

        var period = new EnergyPeriod(PeriodKind.Custom, first, end);
        return ProblemKey(period, today) is { } problem ? (null, problem) : (new EnergyQuery(period, bucket), null);
    }

    /// <summary>Why a period cannot be shown (<see cref="EnergyPeriod.Problem"/>, a key of the shared resource), or null.</summary>
    public static string? ProblemKey(EnergyPeriod period, DateOnly today) => period.Problem(today);

    /// <summary>The period as UTC instants in the site's zone.</summary>
    public (DateTime FromUtc, DateTime ToUtc) ToUtc(TimeZoneInfo zone) => Period.ToUtc(zone);

    private static bool TryDay(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
}
