using Portal.Energy;

namespace Portal.Tests.Energy;

public sealed class IntervalSpreadTests
{
    private static readonly DateTime Start = new(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc);

    private static MeterReading[] Spread(int slots, params StoredInterval[] intervals)
    {
        var readings = new MeterReading[slots];
        IntervalSpread.Fill(Start, readings, intervals);
        return readings;
    }

    [Fact]
    public void An_interval_over_a_gap_is_shared_evenly_in_whole_wh_and_nothing_is_lost()
    {
        var readings = Spread(8, new StoredInterval(Start, Start.AddHours(2), 803, 10, false));

        Assert.Equal([101L, 101L, 101L, 100L, 100L, 100L, 100L, 100L], readings.Select(r => r.ImportWh));
        Assert.Equal(803, readings.Sum(r => r.ImportWh));
        Assert.Equal(10, readings.Sum(r => r.ExportWh));
        Assert.All(readings, r => Assert.True(r.Estimated));
    }

    [Fact]
    public void Measured_quarter_hours_inside_a_merged_span_win_and_the_span_fills_the_rest()
    {
        var readings = Spread(4,
            new StoredInterval(Start, Start.AddHours(1), 1000, 0, false),
            new StoredInterval(Start.AddMinutes(15), Start.AddMinutes(30), 400, 0, false));

        Assert.Equal([200L, 400L, 200L, 200L], readings.Select(r => r.ImportWh));
        Assert.Equal([true, false, true, true], readings.Select(r => r.Estimated));
    }

    [Fact]
    public void A_counter_that_went_backwards_carries_no_energy_but_is_marked()
    {
        var readings = Spread(2, new StoredInterval(Start, Start.AddMinutes(15), 5000, 0, true));

        Assert.Equal((0L, true), (readings[0].ImportWh, readings[0].CounterWentBackwards));
        Assert.False(readings[1].IsPresent);
    }

    [Fact]
    public void Only_the_part_of_a_span_inside_the_slots_is_filled()
    {
        // The span started an hour before the first slot: its first four quarter-hours are someone else's range.
        var readings = new MeterReading[2];
        IntervalSpread.Fill(Start, readings, [new StoredInterval(Start.AddHours(-1), Start.AddMinutes(30), 600, 0, false)]);

        Assert.Equal([100L, 100L], readings.Select(r => r.ImportWh));
    }
}
