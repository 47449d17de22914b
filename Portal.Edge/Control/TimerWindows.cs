using Portal.Contracts.Control;

namespace Portal.Edge.Control;

/// <summary>
/// Whether an instant falls in a relay's weekly windows, read on the site's wall clock. A window whose end is at or
/// before its start runs across midnight into the next day (the day listed is the day it starts). On a DST day the
/// wall clock decides: a window over the skipped hour is shorter, one over the repeated hour matches both passes.
/// </summary>
public static class TimerWindows
{
    public static bool Contains(IReadOnlyList<TimeWindowConfig>? windows, DateTimeOffset nowUtc, TimeZoneInfo siteTimeZone)
    {
        if (windows is null || windows.Count == 0)
        {
            return false;
        }

        var local = TimeZoneInfo.ConvertTime(nowUtc, siteTimeZone);
        var time = TimeOnly.FromTimeSpan(local.TimeOfDay);
        var today = local.DayOfWeek;
        var yesterday = (DayOfWeek)(((int)today + 6) % 7);
        foreach (var window in windows)
        {
            var inside = window.To > window.From
                ? window.Days.Contains(today) && time >= window.From && time < window.To
                : (window.Days.Contains(today) && time >= window.From) || (window.Days.Contains(yesterday) && time < window.To);
            if (inside)
            {
                return true;
            }
        }

        return false;
    }
}
