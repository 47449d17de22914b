using System.Globalization;

namespace Portal.Energy;

/// <summary>
/// A period as the address bar carries it, so a dashboard can be shared and reloaded:
/// <c>?period=day|week|month|year&amp;from=yyyy-MM-dd</c>, and for custom days <c>?period=custom&amp;from=...&amp;to=...</c>
/// (<c>to</c> is the last day, included). Pure: the caller gives the site's today.
/// </summary>
public sealed record EnergyPeriodQuery(string? Period, string? From, string? To)
{
    private const string DateFormat = "yyyy-MM-dd";

    /// <summary>The message key of a query that names no period we know, or dates that are not dates.</summary>
    public const string InvalidText = "Energy.Period.Invalid";

    /// <summary>
    /// The period the query names (the day of <paramref name="today"/> without a query), and why it cannot be shown:
    /// a query that does not parse falls back to today's day with <see cref="InvalidText"/>; one that parses gets
    /// <see cref="EnergyPeriod.Problem"/>.
    /// </summary>
    public (EnergyPeriod Period, string? Problem) Resolve(DateOnly today)
    {
        var fallback = EnergyPeriod.Containing(PeriodKind.Day, today);
        if (string.IsNullOrEmpty(Period) && string.IsNullOrEmpty(From) && string.IsNullOrEmpty(To))
        {
            return (fallback, null);
        }

        if (!Enum.TryParse<PeriodKind>(Period, ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || !TryDay(From, today, out var from))
        {
            return (fallback, InvalidText);
        }

        EnergyPeriod period;
        if (kind == PeriodKind.Custom)
        {
            if (!TryDay(To, from, out var to))
            {
                return (fallback, InvalidText);
            }

            period = to < from ? new EnergyPeriod(kind, from, to) : EnergyPeriod.Custom(from, to);
        }
        else
        {
            period = EnergyPeriod.Containing(kind, from);
        }

        return (period, period.Problem(today));
    }

    /// <summary>The query of <paramref name="period"/>, the inverse of <see cref="Resolve"/>.</summary>
    public static EnergyPeriodQuery Of(EnergyPeriod period) => new(
        period.Kind.ToString().ToLowerInvariant(),
        period.Start.ToString(DateFormat, CultureInfo.InvariantCulture),
        period.Kind == PeriodKind.Custom ? period.End.AddDays(-1).ToString(DateFormat, CultureInfo.InvariantCulture) : null);

    /// <summary>"?period=...&amp;from=..." for a link.</summary>
    public string ToQueryString() =>
        $"?period={Uri.EscapeDataString(Period ?? "")}&from={Uri.EscapeDataString(From ?? "")}" + (To is null ? "" : $"&to={Uri.EscapeDataString(To)}");

    // A missing date means "the default day"; a present one must be a calendar date.
    private static bool TryDay(string? text, DateOnly fallback, out DateOnly day)
    {
        if (string.IsNullOrEmpty(text))
        {
            day = fallback;
            return true;
        }

        return DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
    }
}
