using Portal.Edge.Control;

namespace Portal.Tests.Edge.Control;

public sealed class ChargerSharingTests
{
    private const int L1 = 1, L2 = 2, L3 = 4, All = 7;

    private static int[] Share(long powerW, int[] headroomDa, params ChargerDemand[] demands) =>
        ChargerSharing.Share(demands, ref powerW, headroomDa);

    [Fact]
    public void Max_min_fairness_lets_chargers_on_a_free_phase_rise_past_a_bound_one()
    {
        var limits = Share(100_000, [100, 400, 400],
            new ChargerDemand("a", 1, L1, 40, 320, false),
            new ChargerDemand("b", 1, L2, 40, 320, false),
            new ChargerDemand("c", 1, L1 | L2 | L3, 40, 320, false));

        Assert.Equal([50, 320, 50], limits);
    }

    [Fact]
    public void When_not_everyone_reaches_the_floor_the_waiting_car_pauses_and_the_running_one_keeps_charging()
    {
        var limits = Share(100_000, [100, 1000, 1000],
            new ChargerDemand("new", 1, All, 60, 160, false),
            new ChargerDemand("old", 1, All, 60, 160, true));

        Assert.Equal([0, 100], limits);
    }

    [Fact]
    public void When_the_power_reaches_one_floor_the_car_missing_the_most_to_its_floor_pauses_and_the_other_charges()
    {
        // 4140 W, a three-phase car that paused before (7 A to resume) and a one-phase car just plugged in: by id alone
        // the one-phase car paused first and the three-phase one then missed its 7 A too, so nobody charged.
        var limits = Share(4140, [1000, 1000, 1000],
            new ChargerDemand("cp-3", 1, All, 70, 160, false),
            new ChargerDemand("cp-l3", 1, L3, 60, 160, false));

        Assert.Equal([0, 160], limits);
    }

    [Fact]
    public void The_shared_power_and_current_are_taken_from_what_is_left()
    {
        long power = 10_000;
        var headroom = new[] { 200, 200, 200 };
        var limits = ChargerSharing.Share([new ChargerDemand("a", 1, All, 60, 100, false)], ref power, headroom);

        Assert.Equal([100], limits);
        Assert.Equal(10_000 - 6900, power);
        Assert.Equal([100, 100, 100], headroom);
    }
}
