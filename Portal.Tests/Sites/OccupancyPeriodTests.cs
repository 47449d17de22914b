using Portal.Sites;

namespace Portal.Tests.Sites;

public sealed class OccupancyPeriodTests
{
    private static readonly DateOnly Today = new(2026, 12, 1);
    private static readonly TimeZoneInfo Zurich = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");

    private static OccupancyPeriod Period(string moveIn, string? moveOut = null) =>
        new(DateOnly.Parse(moveIn, System.Globalization.CultureInfo.InvariantCulture), moveOut is null ? null : DateOnly.Parse(moveOut, System.Globalization.CultureInfo.InvariantCulture));

    [Theory]
    [InlineData("2026-01-01", "2026-03-01", "2026-02-01", "2026-04-01", true)]
    [InlineData("2026-01-01", null, "2026-06-01", null, true)]
    [InlineData("2026-01-01", "2026-03-01", "2025-06-01", null, true)]
    [InlineData("2026-01-01", "2026-03-01", "2026-03-01", null, false)]
    [InlineData("2026-03-01", null, "2026-01-01", "2026-03-01", false)]
    [InlineData("2026-01-01", "2026-02-01", "2026-05-01", "2026-06-01", false)]
    public void Two_occupancies_overlap_when_they_share_a_day_and_the_move_out_day_is_free_for_the_next(string aIn, string? aOut, string bIn, string? bOut, bool overlap)
    {
        Assert.Equal(overlap, Period(aIn, aOut).Overlaps(Period(bIn, bOut)));
        Assert.Equal(overlap, Period(bIn, bOut).Overlaps(Period(aIn, aOut)));
    }

    [Theory]
    [InlineData("2026-06-10", null, "2026-06-01", "2026-07-01", "2026-06-10", "2026-07-01")]
    [InlineData("2026-01-01", "2026-06-20", "2026-06-01", "2026-07-01", "2026-06-01", "2026-06-20")]
    [InlineData("2026-06-10", "2026-06-12", "2026-06-01", "2026-07-01", "2026-06-10", "2026-06-12")]
    [InlineData("2026-07-01", null, "2026-06-01", "2026-07-01", null, null)]
    [InlineData("2026-01-01", "2026-06-01", "2026-06-01", "2026-07-01", null, null)]
    public void A_period_is_clipped_to_the_days_of_the_occupancy(string moveIn, string? moveOut, string start, string end, string? clippedStart, string? clippedEnd)
    {
        var clipped = Period(moveIn, moveOut).Clip(Day(start), Day(end));

        Assert.Equal(clippedStart is null ? null : (Day(clippedStart), Day(clippedEnd!)), clipped);
    }

    private static DateOnly Day(string text) => DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void The_resident_lives_there_from_the_move_in_day_until_the_day_before_the_move_out_day()
    {
        var period = Period("2026-11-01", "2026-12-01");

        Assert.False(period.Contains(new DateOnly(2026, 10, 31)));
        Assert.True(period.Contains(new DateOnly(2026, 11, 1)));
        Assert.True(period.Contains(new DateOnly(2026, 11, 30)));
        Assert.False(period.Contains(new DateOnly(2026, 12, 1)));
        Assert.True(period.EndedBy(new DateOnly(2026, 12, 1)));
        Assert.True(Period("2026-11-01").Contains(new DateOnly(2030, 1, 1)));
    }

    [Fact]
    public void A_period_that_overlaps_another_or_ends_before_it_starts_is_refused_with_a_reason()
    {
        var others = new[] { Period("2026-01-01", "2026-06-01") };

        Assert.Equal(["Occupancy.Overlaps"], Period("2026-05-01").Problems(others, Today));
        Assert.Equal(["Occupancy.MoveOutBeforeMoveIn"], Period("2026-08-01", "2026-08-01").Problems(others, Today));
        Assert.Equal(["Occupancy.MoveInOutOfRange"], Period("1999-12-31", "2000-02-01").Problems([], Today));
        Assert.Equal(["Occupancy.MoveInOutOfRange"], Period("2032-01-01").Problems([], Today));
        Assert.Empty(Period("2026-06-01").Problems(others, Today));
    }

    [Fact]
    public void Moves_start_and_end_at_local_midnight_which_billing_cuts_at()
    {
        var winter = Period("2026-01-15", "2026-07-01");

        Assert.Equal(new DateTimeOffset(2026, 1, 14, 23, 0, 0, TimeSpan.Zero), winter.StartUtc(Zurich));
        Assert.Equal(new DateTimeOffset(2026, 6, 30, 22, 0, 0, TimeSpan.Zero), winter.EndUtc(Zurich));
        Assert.Null(Period("2026-01-15").EndUtc(Zurich));
        Assert.Equal(0, winter.StartUtc(Zurich).Minute % 15);
    }

    [Fact]
    public void Today_is_the_day_in_the_sites_time_zone()
    {
        // 23:30 UTC on 30 November is already 1 December in Zurich.
        Assert.Equal(new DateOnly(2026, 12, 1), OccupancyPeriod.Today(new DateTimeOffset(2026, 11, 30, 23, 30, 0, TimeSpan.Zero), "Europe/Zurich"));
    }
}
