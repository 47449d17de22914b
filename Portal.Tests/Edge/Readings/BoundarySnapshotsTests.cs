using Portal.Edge.Configuration;
using Portal.Edge.Polling;
using Portal.Edge.Readings;
using Portal.Modbus.Meters;

namespace Portal.Tests.Edge.Readings;

public sealed class BoundarySnapshotsTests
{
    private static readonly DateTimeOffset Boundary = new(2026, 6, 21, 10, 15, 0, TimeSpan.Zero);

    private static MeterReading Reading(string meter, DateTimeOffset at, decimal? importKWh = 1234.567m, decimal? exportKWh = 8.9m) => new(
        meter, "SDM630", at,
        new PhaseValues<double?>(230.04, 229.96, null), new PhaseValues<double?>(1.23456, 2, 3), new PhaseValues<double?>(100, 200, double.NaN),
        300.04, 49.987, importKWh, exportKWh, default, default);

    [Fact]
    public void The_first_reading_after_a_boundary_becomes_the_snapshot_in_Wh_and_later_ones_do_not()
    {
        var snapshots = new BoundarySnapshots(TimeSpan.FromSeconds(60));

        var first = snapshots.Offer(Reading("m1", Boundary.AddSeconds(2)));
        var second = snapshots.Offer(Reading("m1", Boundary.AddSeconds(12)));
        var otherMeter = snapshots.Offer(Reading("m2", Boundary.AddSeconds(3)));

        Assert.Equal(new Portal.Edge.Intervals.RegisterSnapshot("m1", Boundary.AddSeconds(2), 1_234_567, 8_900), first);
        Assert.Null(second);
        Assert.NotNull(otherMeter);
    }

    [Fact]
    public void A_reading_later_than_the_tolerance_is_not_a_snapshot_and_the_next_boundary_still_counts()
    {
        var snapshots = new BoundarySnapshots(TimeSpan.FromSeconds(60));

        Assert.Null(snapshots.Offer(Reading("m1", Boundary.AddMinutes(5))));
        Assert.Null(snapshots.Offer(Reading("m1", Boundary.AddMinutes(14))));
        Assert.NotNull(snapshots.Offer(Reading("m1", Boundary.AddMinutes(15).AddSeconds(1))));
    }

    [Fact]
    public void A_reading_without_energy_registers_is_never_a_snapshot()
    {
        var snapshots = new BoundarySnapshots(TimeSpan.FromSeconds(60));

        Assert.Null(snapshots.Offer(Reading("m1", Boundary.AddSeconds(1), importKWh: null)));
        Assert.NotNull(snapshots.Offer(Reading("m1", Boundary.AddSeconds(5))));
    }

    [Fact]
    public void Live_message_carries_rounded_phase_values_and_leaves_missing_ones_null()
    {
        var message = LiveReadings.From("gw-1", Reading("m1", Boundary))!;

        Assert.Equal(300.0m, message.ActivePowerW);
        Assert.Equal(1_234_567, message.ImportRegisterWh);
        Assert.Equal(230.0m, message.VoltageV!.L1);
        Assert.Null(message.VoltageV.L3);
        Assert.Equal(1.235m, message.CurrentA!.L1);
        Assert.Null(message.ActivePowerPhaseW!.L3);
        Assert.Equal(49.99m, message.FrequencyHz);
    }

    [Theory]
    [InlineData(0, 60, 60)]
    [InlineData(50, 60, 110)]
    [InlineData(870, 60, 900)]
    [InlineData(899, 5, 900)]
    [InlineData(900, 60, 960)]
    public void Polling_cycles_never_run_past_a_quarter_hour_boundary(int startSecond, int intervalSeconds, int expectedNextSecond)
    {
        var hour = new DateTimeOffset(2026, 6, 21, 10, 0, 0, TimeSpan.Zero);
        var options = new PollingOptions { Interval = TimeSpan.FromSeconds(intervalSeconds), AlignCyclesTo = TimeSpan.FromMinutes(15) };

        var next = BusPoller.NextCycleStart(hour.AddSeconds(startSecond), options);

        Assert.Equal(hour.AddSeconds(expectedNextSecond), next);
    }
}
