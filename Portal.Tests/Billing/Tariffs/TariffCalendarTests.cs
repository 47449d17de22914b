using Portal.Billing.Tariffs;

namespace Portal.Tests.Billing.Tariffs;

/// <summary>HT/NT windows by the quarter-hour's local start (ZEV-16), across the DST days (DLMS-02) and holidays.</summary>
public sealed class TariffCalendarTests
{
    private static readonly TimeZoneInfo Zurich = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");

    /// <summary>Every quarter-hour start of the local day, in UTC.</summary>
    private static List<DateTime> QuarterHoursOf(DateOnly day)
    {
        var start = TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), Zurich);
        var end = TimeZoneInfo.ConvertTimeToUtc(day.AddDays(1).ToDateTime(TimeOnly.MinValue), Zurich);
        var quarters = new List<DateTime>();
        for (var t = start; t < end; t = t.AddMinutes(15))
        {
            quarters.Add(DateTime.SpecifyKind(t, DateTimeKind.Utc));
        }

        return quarters;
    }

    private static (int Ht, int Nt) Count(TariffCalendar calendar, DateOnly day)
    {
        var quarters = QuarterHoursOf(day);
        var ht = quarters.Count(q => calendar.IsHighTariff(q, Zurich));
        return (ht, quarters.Count - ht);
    }

    private static DateTime Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, DateTimeKind.Utc);

    private static TariffCalendar SundayNight() => new([new HighTariffWindow(DayOfWeek.Sunday, new TimeOnly(1, 0), new TimeOnly(4, 0))], []);

    [Fact]
    public void ZEV16_spring_DST_day_has_92_quarter_hours_and_the_skipped_hour_counts_nowhere()
    {
        var spring = new DateOnly(2026, 3, 29);
        Assert.Equal(92, QuarterHoursOf(spring).Count);
        // 01:00-04:00 local, but 02:00-03:00 does not exist: 2 hours of HT.
        Assert.Equal((8, 84), Count(SundayNight(), spring));
        Assert.Equal((92, 0), Count(TariffCalendarPresets.SingleTariff(), spring));
        Assert.Equal((0, 92), Count(TariffCalendarPresets.Winterthur(), spring));
    }

    [Fact]
    public void ZEV16_autumn_DST_day_has_100_quarter_hours_and_the_repeated_hour_counts_twice()
    {
        var autumn = new DateOnly(2026, 10, 25);
        Assert.Equal(100, QuarterHoursOf(autumn).Count);
        // 01:00-04:00 local, with 02:00-03:00 lived twice: 4 hours of HT.
        Assert.Equal((16, 84), Count(SundayNight(), autumn));
        Assert.Equal((100, 0), Count(TariffCalendarPresets.SingleTariff(), autumn));
    }

    [Fact]
    public void ZEV16_the_Monday_after_each_DST_change_is_decided_in_local_time()
    {
        // 07:00-20:00 local is 05:00-18:00 UTC in summer and 06:00-19:00 UTC in winter: 52 HT quarter-hours both days.
        Assert.Equal((52, 44), Count(TariffCalendarPresets.Winterthur(), new DateOnly(2026, 3, 30)));
        Assert.Equal((52, 44), Count(TariffCalendarPresets.Winterthur(), new DateOnly(2026, 10, 26)));
        Assert.True(TariffCalendarPresets.Winterthur().IsHighTariff(Utc(2026, 3, 30, 5, 0), Zurich));
        Assert.False(TariffCalendarPresets.Winterthur().IsHighTariff(Utc(2026, 10, 26, 5, 45), Zurich));
        Assert.True(TariffCalendarPresets.Winterthur().IsHighTariff(Utc(2026, 10, 26, 6, 0), Zurich));
    }

    [Fact]
    public void ZEV16_window_edges_start_inclusive_and_end_exclusive()
    {
        var winterthur = TariffCalendarPresets.Winterthur();
        // Wednesday 2 December 2026, winter time (UTC+1).
        Assert.False(winterthur.IsHighTariff(Utc(2026, 12, 2, 5, 45), Zurich)); // 06:45
        Assert.True(winterthur.IsHighTariff(Utc(2026, 12, 2, 6, 0), Zurich)); // 07:00
        Assert.True(winterthur.IsHighTariff(Utc(2026, 12, 2, 18, 45), Zurich)); // 19:45
        Assert.False(winterthur.IsHighTariff(Utc(2026, 12, 2, 19, 0), Zurich)); // 20:00
    }

    [Fact]
    public void ZEV16_Saturday_is_HT_in_the_morning_in_Winterthur_and_NT_all_day_in_Eschlikon()
    {
        var saturday = new DateOnly(2026, 12, 5);
        Assert.Equal((24, 72), Count(TariffCalendarPresets.Winterthur(), saturday));
        Assert.Equal((0, 96), Count(TariffCalendarPresets.Eschlikon(2026), saturday));
        Assert.True(TariffCalendarPresets.Winterthur().IsHighTariff(Utc(2026, 12, 5, 11, 45), Zurich)); // 12:45
        Assert.False(TariffCalendarPresets.Winterthur().IsHighTariff(Utc(2026, 12, 5, 12, 0), Zurich)); // 13:00
        Assert.Equal((0, 96), Count(TariffCalendarPresets.Winterthur(), new DateOnly(2026, 12, 6)));
    }

    [Fact]
    public void ZEV16_a_listed_holiday_is_NT_all_day()
    {
        // Christmas 2026 is a Friday: NT in Eschlikon, whose preset lists it; HT by day in a calendar without holidays.
        var christmas = new DateOnly(2026, 12, 25);
        Assert.Equal((0, 96), Count(TariffCalendarPresets.Eschlikon(2026), christmas));
        Assert.Equal((52, 44), Count(TariffCalendarPresets.Winterthur(), christmas));
        var withChristmas = new TariffCalendar(TariffCalendarPresets.Winterthur().Windows, [christmas]);
        Assert.Equal((0, 96), Count(withChristmas, christmas));
        // The holiday is the local day: 23:30 UTC on the 24th is already the 25th in Zurich.
        var weekdayNight = new TariffCalendar([new HighTariffWindow(DayOfWeek.Friday, TimeOnly.MinValue, new TimeOnly(1, 0))], [christmas]);
        Assert.False(weekdayNight.IsHighTariff(Utc(2026, 12, 24, 23, 30), Zurich));
    }

    [Fact]
    public void Swiss_holidays_follow_Easter()
    {
        Assert.Equal(new DateOnly(2026, 4, 5), TariffCalendarPresets.EasterSunday(2026));
        Assert.Equal(new DateOnly(2027, 3, 28), TariffCalendarPresets.EasterSunday(2027));
        var holidays = TariffCalendarPresets.SwissHolidays(2026);
        Assert.Contains(new DateOnly(2026, 4, 3), holidays); // Good Friday
        Assert.Contains(new DateOnly(2026, 5, 14), holidays); // Ascension
        Assert.Contains(new DateOnly(2026, 5, 25), holidays); // Whit Monday
        Assert.Contains(new DateOnly(2026, 8, 1), holidays);
    }

    [Fact]
    public void Calendar_survives_its_stored_text_form()
    {
        var calendar = new TariffCalendar(TariffCalendarPresets.Winterthur().Windows, [new DateOnly(2026, 12, 25), new DateOnly(2026, 1, 1)]);
        var text = calendar.Format();
        Assert.Equal("Mon 07:00-20:00,Tue 07:00-20:00,Wed 07:00-20:00,Thu 07:00-20:00,Fri 07:00-20:00,Sat 07:00-13:00|2026-01-01,2026-12-25", text);
        Assert.Equal(calendar, TariffCalendar.Parse(text));
        Assert.Equal(TariffCalendarPresets.SingleTariff(), TariffCalendar.Parse(TariffCalendarPresets.SingleTariff().Format()));
        Assert.Null(TariffCalendar.Parse("Mon 7-20|"));
        Assert.Null(TariffCalendar.Parse("Mon 07:00-20:00"));
    }

    [Fact]
    public void Overlapping_or_inverted_windows_are_invalid()
    {
        Assert.True(TariffCalendarPresets.Winterthur().IsValid);
        Assert.True(TariffCalendarPresets.SingleTariff().IsValid);
        Assert.False(new TariffCalendar([new HighTariffWindow(DayOfWeek.Monday, new TimeOnly(20, 0), new TimeOnly(7, 0))], []).IsValid);
        Assert.False(new TariffCalendar([new HighTariffWindow(DayOfWeek.Monday, new TimeOnly(7, 10), new TimeOnly(20, 0))], []).IsValid);
        Assert.False(new TariffCalendar(
            [new HighTariffWindow(DayOfWeek.Monday, new TimeOnly(7, 0), new TimeOnly(12, 0)), new HighTariffWindow(DayOfWeek.Monday, new TimeOnly(11, 0), new TimeOnly(13, 0))], []).IsValid);
    }
}
