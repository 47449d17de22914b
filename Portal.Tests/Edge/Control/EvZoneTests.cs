using Portal.Contracts.Control;
using Portal.Edge.Control;
using static Portal.Tests.Edge.Control.ControlSite;

namespace Portal.Tests.Edge.Control;

public sealed class EvZoneTests
{
    private static ControlSite Site(ZonePhases phases, int minPowerW, LoadManagementConfig? fuse, params ChargerConfig[] chargers) =>
        new(Config(zone: new EvZoneConfig(22000, minPowerW, phases, chargers), fuse: fuse));

    [Fact]
    public void Cars_of_one_priority_share_the_surplus_in_equal_amperes()
    {
        var site = Site(ZonePhases.Three, 0, null, Charger("a", ThreePhase), Charger("b", ThreePhase));
        site.Cars["a"] = ThreePhase;
        site.Cars["b"] = ThreePhase;
        site.BaseW = -9660; // 14 A x 3 phases x 230 V
        site.Run(10);

        Assert.Equal(7m, site.LimitOf("a"));
        Assert.Equal(7m, site.LimitOf("b"));
        Assert.All(site.Last!.Chargers, c => Assert.Equal(DecisionReason.FairShare, c.Reason));
    }

    [Fact]
    public void A_car_that_arrives_gets_its_share_at_once_and_the_running_session_is_rebalanced()
    {
        var site = Site(ZonePhases.Three, 0, null, Charger("a", ThreePhase), Charger("b", ThreePhase));
        site.Cars["a"] = ThreePhase;
        site.BaseW = -9660;
        site.Run(10);
        Assert.Equal(14m, site.LimitOf("a"));

        site.Cars["b"] = ThreePhase;
        var cycle = site.Step();

        Assert.Contains(new ChargerLimit("a", 7m, 3), cycle.ChargerLimits);
        Assert.Contains(new ChargerLimit("b", 7m, 3), cycle.ChargerLimits);
    }

    [Fact]
    public void A_lower_priority_number_is_served_in_full_before_the_next()
    {
        var site = Site(ZonePhases.Three, 0, null, Charger("vip", ThreePhase, priority: 1), Charger("guest", ThreePhase, priority: 50));
        site.Cars["vip"] = ThreePhase;
        site.Cars["guest"] = ThreePhase;
        site.BaseW = -15180; // 22 A x 3 phases
        site.Run(12);

        Assert.Equal(16m, site.LimitOf("vip"));
        Assert.Equal(6m, site.LimitOf("guest"));
    }

    [Fact]
    public void Mixed_one_and_three_phase_chargers_are_limited_by_the_phases_they_really_load()
    {
        // 25 A main fuse, 3 A margin: 22 A per phase. The house draws 8 A on L1, 2 A on L2 and L3.
        var site = Site(ZonePhases.Auto, 0, new LoadManagementConfig(25, 3),
            Charger("tri", ThreePhase), Charger("mono1", [Phase.L1]), Charger("mono2", [Phase.L2]));
        site.Cars["tri"] = ThreePhase;
        site.Cars["mono1"] = [Phase.L1];
        site.Cars["mono2"] = [Phase.L2];
        site.BaseA = new PhaseCurrents(8m, 2m, 2m);
        site.BaseW = -20000;
        site.Run(12);

        Assert.Equal(7m, site.LimitOf("tri"));
        Assert.Equal(7m, site.LimitOf("mono1"));
        Assert.Equal(13m, site.LimitOf("mono2")); // L2 is not L1: it keeps rising after L1 binds
        var measured = site.Last!.GridCurrentA!;
        Assert.All(new[] { measured.L1, measured.L2, measured.L3 }, a => Assert.True(a <= 22m, $"{a} A"));
        Assert.Contains(site.Last.Chargers, c => c is { ChargerId: "mono1", Reason: DecisionReason.PhaseLimit });
    }

    [Fact]
    public void With_automatic_phases_a_car_drawing_on_one_phase_is_limited_as_single_phase()
    {
        var site = Site(ZonePhases.Auto, 0, null, Charger("a", ThreePhase));
        site.Cars["a"] = [Phase.L1];
        site.BaseW = -5000;
        site.Run(15);

        Assert.Equal(1, site.Limits["a"].Phases);
        Assert.Equal(16m, site.LimitOf("a"));
    }

    [Theory]
    [InlineData(-1380, 6)]  // 1380 W single-phase = 6 A exactly
    [InlineData(-1370, 0)]  // below the floor: paused, never 5.9 A
    public void Below_the_6_A_floor_a_charger_pauses_rather_than_gets_less(int baseW, int expectedA)
    {
        var site = Site(ZonePhases.One, 0, null, Charger("a", [Phase.L2]));
        site.Cars["a"] = [Phase.L2];
        site.BaseW = baseW;
        site.Run(10);

        Assert.Equal(expectedA, site.LimitOf("a"));
        Assert.DoesNotContain(site.Last!.Chargers, c => c.LimitA is > 0m and < 6m);
    }

    [Fact]
    public void A_three_phase_car_needs_4140_W_and_a_paused_car_resumes_only_with_a_margin_above_the_floor()
    {
        var site = Site(ZonePhases.Three, 0, null, Charger("a", ThreePhase));
        site.Cars["a"] = ThreePhase;
        site.BaseW = -4100;
        site.Run(10);
        Assert.Equal(0m, site.LimitOf("a"));
        Assert.Equal(DecisionReason.BelowFloor, site.Last!.Chargers[0].Reason);

        site.BaseW = -4200; // 6.08 A: enough for a new car, not to resume a paused one
        site.Run(3);
        Assert.Equal(0m, site.LimitOf("a"));

        site.BaseW = -4830; // 7 A
        site.Run(2);
        Assert.Equal(7m, site.LimitOf("a"));
    }

    [Fact]
    public void A_car_paused_by_the_fuse_resumes_at_the_floor_the_zone_minimum_gives_without_a_margin()
    {
        var site = Site(ZonePhases.Three, 4140, new LoadManagementConfig(16, 2), Charger("a", ThreePhase));
        site.Cars["a"] = ThreePhase;
        site.BaseW = 300;
        site.BaseA = new PhaseCurrents(10m, 10m, 10m); // 4 A left under 14 A: below the floor
        site.Run(5);
        Assert.Equal(0m, site.LimitOf("a"));
        Assert.Equal(DecisionReason.BelowFloor, site.Last!.Chargers[0].Reason);

        // The fuse frees up; no surplus, so the zone runs on its 4140 W minimum: 6 A, not the 7 A a margin would need.
        site.BaseA = new PhaseCurrents(2m, 2m, 2m);
        site.Run(3);
        Assert.Equal(6m, site.LimitOf("a"));
    }

    [Fact]
    public void An_overload_on_one_phase_reduces_the_chargers_on_that_phase_in_the_next_cycle()
    {
        var site = Site(ZonePhases.Auto, 0, new LoadManagementConfig(25, 3), Charger("tri", ThreePhase), Charger("mono3", [Phase.L3]));
        site.Cars["tri"] = ThreePhase;
        site.Cars["mono3"] = [Phase.L3];
        site.BaseA = new PhaseCurrents(2m, 2m, 2m);
        site.BaseW = -20000;
        site.Run(15);
        Assert.Equal(10m, site.LimitOf("tri"));

        site.BaseA = new PhaseCurrents(14m, 2m, 2m); // an oven on L1: L1 = 24 A > 22 A
        var reaction = site.Step();

        Assert.Contains(reaction.ChargerLimits, l => l is { ChargerId: "tri", LimitA: 8m });
        Assert.True(site.LimitOf("mono3") >= 10m); // L3 is not overloaded: its charger keeps its share
        Assert.Contains(reaction.Actions, a => a is { TargetId: "tri", Reason: DecisionReason.PhaseLimit });
        site.Step();
        Assert.True(site.Last!.GridCurrentA!.L1 <= 22m);
    }

    [Fact]
    public void Charge_now_gives_the_charger_its_maximum_within_the_fuse_without_surplus()
    {
        var site = Site(ZonePhases.Three, 0, new LoadManagementConfig(40, 4), Charger("a", ThreePhase), Charger("b", ThreePhase));
        site.Cars["a"] = ThreePhase;
        site.Cars["b"] = ThreePhase;
        site.BaseW = 500;
        site.Run(10);
        Assert.Equal(0m, site.LimitOf("a"));

        site.Overrides = new ControlOverridesMessage(1, 1, Noon, [], [new ChargeNowOverride("a", Noon.AddHours(2))]);
        site.Run(10);
        Assert.Equal(16m, site.LimitOf("a"));
        Assert.Equal(0m, site.LimitOf("b"));
        Assert.Equal(DecisionReason.ChargeNow, site.Last!.Chargers[0].Reason);
    }

    [Fact]
    public void The_zone_minimum_power_is_given_from_the_grid_without_surplus()
    {
        var site = Site(ZonePhases.Three, 4140, null, Charger("a", ThreePhase));
        site.Cars["a"] = ThreePhase;
        site.BaseW = 300;
        site.Run(5);
        Assert.Equal(6m, site.LimitOf("a"));
    }

    [Fact]
    public void Relays_and_chargers_share_one_budget_by_priority()
    {
        var config = Config(
            [Relay("boiler", RelayMode.AutoSolar, 2000, priority: 5), Relay("pool", RelayMode.AutoSolar, 2000, priority: 200)],
            new EvZoneConfig(22000, 0, ZonePhases.Three, [Charger("a", ThreePhase)]));
        var site = new ControlSite(config) { BaseW = -8900 };
        site.Cars["a"] = ThreePhase;
        site.Run(15);

        Assert.True(site.IsOn("boiler"));
        Assert.False(site.IsOn("pool"));
        Assert.Equal(10m, site.LimitOf("a")); // (8900 - 2000) W / 690 W per A
    }
}
