namespace Portal.Billing.Tariffs;

/// <summary>
/// One weekday's high-tariff (HT) window in the site's local time, from <see cref="From"/> (inclusive) to
/// <see cref="Until"/> (exclusive). <see cref="Until"/> = 00:00 means the end of the day (24:00), so a window
/// can cover a whole day. The windows are the DSO's (ZEV-16).
/// </summary>
public sealed record HighTariffWindow(DayOfWeek Day, TimeOnly From, TimeOnly Until)
{
    /// <summary>A window must start on a quarter-hour and end after it starts (00:00 as the end is midnight).</summary>
    public bool IsValid =>
        From.Minute % 15 == 0 && Until.Minute % 15 == 0 && From.Second == 0 && Until.Second == 0 && From.Millisecond == 0 && Until.Millisecond == 0
        && (Until == TimeOnly.MinValue || From < Until);

    /// <summary>Whether the local time of day falls in the window.</summary>
    public bool Contains(DayOfWeek day, TimeOnly time) => day == Day && time >= From && (Until == TimeOnly.MinValue || time < Until);
}
