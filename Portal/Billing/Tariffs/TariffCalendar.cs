using System.Globalization;
using System.Text;

namespace Portal.Billing.Tariffs;

/// <summary>
/// A DSO's high/low tariff calendar (ZEV-16): high-tariff (HT) windows per weekday in the site's local time, and
/// holidays that are low tariff (NT) all day. Everything outside a window is NT; a calendar whose windows cover the
/// whole week is a single tariff. A quarter-hour belongs to the tariff of its local start, so on the days daylight
/// saving time changes (92 or 100 quarter-hours, DLMS-02) the skipped hour counts nowhere and the repeated hour twice.
/// </summary>
public sealed class TariffCalendar : IEquatable<TariffCalendar>
{
    private readonly HashSet<DateOnly> _holidays;

    public TariffCalendar(IEnumerable<HighTariffWindow> windows, IEnumerable<DateOnly> holidays)
    {
        Windows = windows.Distinct().OrderBy(w => WeekIndex(w.Day)).ThenBy(w => w.From).ToList();
        Holidays = holidays.Distinct().Order().ToList();
        _holidays = [.. Holidays];
    }

    /// <summary>A calendar without any HT window: every quarter-hour is NT.</summary>
    public static TariffCalendar Empty { get; } = new([], []);

    public IReadOnlyList<HighTariffWindow> Windows { get; }

    /// <summary>Local days that are NT all day.</summary>
    public IReadOnlyList<DateOnly> Holidays { get; }

    /// <summary>Every window is valid and no two windows of the same day overlap.</summary>
    public bool IsValid =>
        Windows.All(w => w.IsValid)
        && Windows.GroupBy(w => w.Day).All(day => day.Zip(day.Skip(1)).All(pair => pair.First.Until != TimeOnly.MinValue && pair.First.Until <= pair.Second.From));

    /// <summary>Whether the quarter-hour starting at <paramref name="quarterHourStartUtc"/> is high tariff, decided by its local start in <paramref name="zone"/>.</summary>
    public bool IsHighTariff(DateTime quarterHourStartUtc, TimeZoneInfo zone)
    {
        var utc = quarterHourStartUtc.Kind == DateTimeKind.Utc ? quarterHourStartUtc : DateTime.SpecifyKind(quarterHourStartUtc, DateTimeKind.Utc);
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, zone);
        if (_holidays.Contains(DateOnly.FromDateTime(local)))
        {
            return false;
        }

        var time = TimeOnly.FromDateTime(local);
        foreach (var window in Windows)
        {
            if (window.Contains(local.DayOfWeek, time))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The stored form: windows as <c>Mon 07:00-20:00</c> separated by commas, then <c>|</c>, then holidays as ISO
    /// days separated by commas, e.g. <c>Mon 07:00-20:00,Sat 07:00-13:00|2026-12-25</c>.
    /// </summary>
    public string Format()
    {
        var text = new StringBuilder();
        text.AppendJoin(',', Windows.Select(w => $"{DayNames[WeekIndex(w.Day)]} {w.From:HH\\:mm}-{w.Until:HH\\:mm}"));
        text.Append('|');
        text.AppendJoin(',', Holidays.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        return text.ToString();
    }

    /// <summary>Reads <see cref="Format"/>'s text; null when it is not in that form.</summary>
    public static TariffCalendar? Parse(string? text)
    {
        var parts = (text ?? "").Split('|');
        if (parts.Length != 2)
        {
            return null;
        }

        var windows = new List<HighTariffWindow>();
        foreach (var item in parts[0].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = item.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries);
            var day = Array.IndexOf(DayNames, pieces.ElementAtOrDefault(0));
            if (pieces.Length != 3 || day < 0
                || !TimeOnly.TryParseExact(pieces[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
                || !TimeOnly.TryParseExact(pieces[2], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var until))
            {
                return null;
            }

            windows.Add(new HighTariffWindow(DayOf(day), from, until));
        }

        var holidays = new List<DateOnly>();
        foreach (var item in parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!DateOnly.TryParseExact(item, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return null;
            }

            holidays.Add(day);
        }

        return new TariffCalendar(windows, holidays);
    }

    public bool Equals(TariffCalendar? other) => other is not null && Format() == other.Format();

    public override bool Equals(object? obj) => Equals(obj as TariffCalendar);

    public override int GetHashCode() => Format().GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Format();

    /// <summary>Monday first, as Swiss calendars and tariff sheets list the week.</summary>
    public static int WeekIndex(DayOfWeek day) => ((int)day + 6) % 7;

    public static DayOfWeek DayOf(int weekIndex) => (DayOfWeek)((weekIndex + 1) % 7);

    private static readonly string[] DayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
}
