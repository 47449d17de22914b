using System.Globalization;
using Portal.Contracts.Control;

namespace Portal.Control;

/// <summary>
/// Weekly timer windows stored as "1,2,3,4,5 22:00-06:00; 0,6 10:00-16:00" (days as <see cref="DayOfWeek"/> numbers,
/// Sunday = 0, times in the site time zone; an end at or before the start runs across midnight).
/// </summary>
public static class TimeWindows
{
    public static string Format(IEnumerable<TimeWindowConfig> windows) => string.Join("; ", windows.Select(w =>
        $"{string.Join(",", w.Days.Select(d => (int)d))} {w.From.ToString("HH:mm", CultureInfo.InvariantCulture)}-{w.To.ToString("HH:mm", CultureInfo.InvariantCulture)}"));

    /// <summary>The windows, or null when <paramref name="text"/> is not in the stored form.</summary>
    public static IReadOnlyList<TimeWindowConfig>? Parse(string? text)
    {
        var windows = new List<TimeWindowConfig>();
        foreach (var part in (text ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var pieces = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var times = pieces.Length == 2 ? pieces[1].Split('-') : [];
            if (times.Length != 2
                || !TimeOnly.TryParseExact(times[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
                || !TimeOnly.TryParseExact(times[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to))
            {
                return null;
            }

            var days = new List<DayOfWeek>();
            foreach (var day in pieces[0].Split(','))
            {
                if (!int.TryParse(day, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > 6)
                {
                    return null;
                }

                days.Add((DayOfWeek)number);
            }

            windows.Add(new TimeWindowConfig(days, from, to));
        }

        return windows;
    }
}
