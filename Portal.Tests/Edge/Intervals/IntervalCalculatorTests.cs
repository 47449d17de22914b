using Portal.Contracts.Mqtt;
using Portal.Edge.Intervals;

namespace Portal.Tests.Edge.Intervals;

public sealed class IntervalCalculatorTests
{
    private static readonly TimeZoneInfo Zurich = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");
    private readonly IntervalCalculator _calculator = new();

    [Theory]
    [InlineData(2026, 3, 29, 92)]
    [InlineData(2026, 10, 25, 100)]
    [InlineData(2026, 6, 1, 96)]
    public void A_local_day_in_Zurich_yields_one_interval_per_quarter_hour(int year, int month, int day, int expected)
    {
        var boundaries = SiteDay.Boundaries(new DateOnly(year, month, day), Zurich);
        MeterBaseline? baseline = null;
        var intervals = new List<IntervalEnergy>();
        long import = 1_000_000;
        foreach (var boundary in boundaries)
        {
            var step = _calculator.Next(baseline, new RegisterSnapshot("m1", boundary.AddSeconds(3), import, 0));
            baseline = step.NewBaseline ?? baseline;
            if (step.Interval is { } interval)
            {
                intervals.Add(interval);
            }

            import += 250;
        }

        Assert.Equal(expected, QuarterHour.CountInLocalDay(new DateOnly(year, month, day), Zurich));
        Assert.Equal(expected, intervals.Count);
        Assert.All(intervals, i => Assert.Equal(250, i.ImportWh));
        Assert.Equal(expected * 250, intervals.Sum(i => i.ImportWh));
        Assert.Equal(new DateTimeOffset(year, month, day, 0, 0, 0, Zurich.GetUtcOffset(new DateTime(year, month, day))).ToUniversalTime(), intervals[0].Start);
    }

    [Fact]
    public void A_counter_that_goes_backwards_is_flagged_with_zero_energy_and_becomes_the_new_baseline()
    {
        var t = new DateTimeOffset(2026, 5, 1, 10, 0, 0, TimeSpan.Zero);
        var baseline = new MeterBaseline("m1", t, 50_000, 2_000);

        var swapped = _calculator.Next(baseline, new RegisterSnapshot("m1", t.AddMinutes(15), 12, 2_100));
        var after = _calculator.Next(swapped.NewBaseline, new RegisterSnapshot("m1", t.AddMinutes(30), 112, 2_100));

        Assert.True(swapped.Interval!.CounterWentBackwards);
        Assert.Equal((0, 0), (swapped.Interval.ImportWh, swapped.Interval.ExportWh));
        Assert.Equal(12, swapped.NewBaseline!.ImportWh);
        Assert.False(after.Interval!.CounterWentBackwards);
        Assert.Equal(100, after.Interval.ImportWh);
    }

    [Fact]
    public void Missed_boundaries_yield_one_flagged_interval_over_the_whole_gap()
    {
        var t = new DateTimeOffset(2026, 5, 1, 10, 0, 0, TimeSpan.Zero);
        var baseline = new MeterBaseline("m1", t, 1_000, 0);

        var step = _calculator.Next(baseline, new RegisterSnapshot("m1", t.AddHours(2), 1_800, 40));

        Assert.Equal(SnapshotOutcome.Interval, step.Outcome);
        Assert.Equal(8, step.Interval!.Quarters);
        Assert.True(step.Interval.SpansMissedQuarters);
        Assert.Equal((800L, 40L), (step.Interval.ImportWh, step.Interval.ExportWh));
    }

    [Fact]
    public void Snapshots_far_from_a_boundary_or_not_after_the_baseline_are_ignored_and_keep_the_baseline()
    {
        var t = new DateTimeOffset(2026, 5, 1, 10, 0, 0, TimeSpan.Zero);
        var baseline = new MeterBaseline("m1", t, 1_000, 0);

        Assert.Equal(SnapshotOutcome.NotNearBoundary, _calculator.Next(baseline, new RegisterSnapshot("m1", t.AddMinutes(7), 1_100, 0)).Outcome);
        Assert.Equal(SnapshotOutcome.NotAfterBaseline, _calculator.Next(baseline, new RegisterSnapshot("m1", t.AddSeconds(20), 1_100, 0)).Outcome);
        Assert.Equal(SnapshotOutcome.Implausible, _calculator.Next(baseline, new RegisterSnapshot("m1", t.AddMinutes(15), -1, 0)).Outcome);
        Assert.Null(_calculator.Next(baseline, new RegisterSnapshot("m1", t.AddMinutes(7), 1_100, 0)).NewBaseline);
    }

    [Fact]
    public void The_first_snapshot_only_sets_the_baseline()
    {
        var step = _calculator.Next(null, new RegisterSnapshot("m1", new DateTimeOffset(2026, 5, 1, 9, 59, 30, TimeSpan.Zero), 5, 6));

        Assert.Equal(SnapshotOutcome.FirstBaseline, step.Outcome);
        Assert.Null(step.Interval);
        Assert.Equal(new DateTimeOffset(2026, 5, 1, 10, 0, 0, TimeSpan.Zero), step.NewBaseline!.Boundary);
    }
}
