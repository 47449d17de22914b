using Portal.Contracts.Control;
using Portal.Edge.Control;
using static Portal.Tests.Edge.Control.ControlSite;

namespace Portal.Tests.Edge.Control;

public sealed class TimerWindowTests
{
    private static readonly TimeWindowConfig Night = new([DayOfWeek.Saturday], new TimeOnly(22, 0), new TimeOnly(6, 0));

    private static DateTimeOffset Local(int year, int month, int day, int hour, int minute) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified), Zurich);

    [Theory]
    [InlineData(21, 59, false)]
    [InlineData(22, 0, true)]
    [InlineData(23, 59, true)]
    public void A_window_starts_on_its_listed_day(int hour, int minute, bool inside) =>
        Assert.Equal(inside, TimerWindows.Contains([Night], Local(2026, 6, 13, hour, minute), Zurich));

    [Theory]
    [InlineData(0, 30, true)]
    [InlineData(5, 59, true)]
    [InlineData(6, 0, false)]
    [InlineData(22, 30, false)]
    public void A_window_across_midnight_runs_into_the_next_day_only(int hour, int minute, bool inside) =>
        Assert.Equal(inside, TimerWindows.Contains([Night], Local(2026, 6, 14, hour, minute), Zurich));

    [Fact]
    public void On_the_spring_DST_day_the_window_follows_the_wall_clock_and_is_an_hour_shorter()
    {
        // Sunday 29 March 2026: 02:00 becomes 03:00 in Zurich. Window 01:30-03:30 is 1 h long that night.
        var window = new TimeWindowConfig([DayOfWeek.Sunday], new TimeOnly(1, 30), new TimeOnly(3, 30));
        var start = new DateTimeOffset(2026, 3, 29, 0, 30, 0, TimeSpan.Zero); // 01:30 CET
        Assert.False(TimerWindows.Contains([window], start.AddSeconds(-1), Zurich));
        Assert.True(TimerWindows.Contains([window], start, Zurich));
        Assert.True(TimerWindows.Contains([window], start.AddMinutes(59), Zurich)); // 03:29 CEST
        Assert.False(TimerWindows.Contains([window], start.AddMinutes(60), Zurich)); // 03:30 CEST
    }

    [Fact]
    public void On_the_autumn_DST_day_a_window_over_the_repeated_hour_matches_both_passes()
    {
        // Sunday 25 October 2026: 03:00 CEST becomes 02:00 CET. Window 02:15-02:45 occurs twice.
        var window = new TimeWindowConfig([DayOfWeek.Sunday], new TimeOnly(2, 15), new TimeOnly(2, 45));
        var firstPass = new DateTimeOffset(2026, 10, 25, 0, 20, 0, TimeSpan.Zero); // 02:20 CEST
        var secondPass = new DateTimeOffset(2026, 10, 25, 1, 20, 0, TimeSpan.Zero); // 02:20 CET
        var between = new DateTimeOffset(2026, 10, 25, 0, 50, 0, TimeSpan.Zero); // 02:50 CEST
        Assert.True(TimerWindows.Contains([window], firstPass, Zurich));
        Assert.False(TimerWindows.Contains([window], between, Zurich));
        Assert.True(TimerWindows.Contains([window], secondPass, Zurich));
    }

    [Fact]
    public void A_timer_only_relay_across_midnight_on_the_DST_night_switches_on_and_off_on_the_wall_clock()
    {
        // Saturday 24 October 2026 22:00 CEST to Sunday 06:00 CET: 9 hours of wall-clock night.
        var window = new TimeWindowConfig([DayOfWeek.Saturday], new TimeOnly(22, 0), new TimeOnly(6, 0));
        var site = new ControlSite(Config([Relay("boiler", RelayMode.TimerOnly, 2000, windows: [window])]), new DateTimeOffset(2026, 10, 24, 19, 59, 59, TimeSpan.Zero));
        site.Step();
        Assert.False(site.IsOn("boiler"));
        site.Step();
        Assert.True(site.IsOn("boiler"));

        site.Now = new DateTimeOffset(2026, 10, 25, 4, 59, 59, TimeSpan.Zero); // 05:59:59 CET
        site.Step();
        Assert.True(site.IsOn("boiler"));
        var off = site.Step();
        Assert.False(site.IsOn("boiler"));
        Assert.Contains(off.Actions, a => a.Reason == DecisionReason.OutsideWindow);
    }
}
