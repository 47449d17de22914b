using Portal.Contracts.Control;
using Portal.Edge.Control;
using static Portal.Tests.Edge.Control.ControlSite;

namespace Portal.Tests.Edge.Control;

public sealed class SafetyTests
{
    private static readonly string[] AutoRelays = ["r1", "r2", "r3"];
    private static readonly RippleControlConfig Ripple = new("m1", ReducedInput: 0, LockedInput: 1, ReducedLimitW: 3000);

    [Theory]
    [InlineData(0b00, RippleMode.Normal)]
    [InlineData(0b01, RippleMode.Reduced)]
    [InlineData(0b10, RippleMode.Locked)]
    [InlineData(0b11, RippleMode.Locked)]
    public void Ripple_inputs_decode_to_normal_reduced_and_locked(byte bits, RippleMode expected) =>
        Assert.Equal(expected, RippleDecoder.Decode(Ripple, new Dictionary<string, byte> { ["m1"] = bits }, RippleMode.Normal));

    [Fact]
    public void Without_the_module_inputs_the_last_ripple_mode_holds() =>
        Assert.Equal(RippleMode.Locked, RippleDecoder.Decode(Ripple, new Dictionary<string, byte>(), RippleMode.Locked));

    [Fact]
    public void Ripple_locked_switches_controllable_relays_off_at_once_and_pauses_chargers_but_not_always_on()
    {
        var config = Config(
            [Relay("boiler", RelayMode.AutoSolar, 2000, minOn: 3600), Relay("light", RelayMode.AlwaysOn, 100)],
            new EvZoneConfig(22000, 0, ZonePhases.Three, [Charger("a", ThreePhase)]),
            ripple: Ripple);
        var site = new ControlSite(config) { BaseW = -12000 };
        site.Cars["a"] = ThreePhase;
        site.Run(10);
        Assert.True(site.IsOn("boiler"));
        Assert.True(site.LimitOf("a") > 6m);

        site.RippleBits = 0b10;
        var cycle = site.Step();

        Assert.Equal(RippleMode.Locked, cycle.Ripple);
        Assert.False(site.IsOn("boiler"));
        Assert.True(site.IsOn("light"));
        Assert.Equal(0m, site.LimitOf("a"));
        Assert.Contains(cycle.Actions, a => a is { TargetId: "boiler", Reason: DecisionReason.RippleLocked });
    }

    [Fact]
    public void Ripple_reduced_caps_the_controllable_loads_in_watts()
    {
        var config = Config(
            [Relay("boiler", RelayMode.AutoSolar, 2000, priority: 1), Relay("pool", RelayMode.AutoSolar, 2000, priority: 2)],
            new EvZoneConfig(22000, 0, ZonePhases.One, [Charger("a", [Phase.L1])]),
            ripple: Ripple);
        var site = new ControlSite(config) { BaseW = -12000, RippleBits = 0b01 };
        site.Cars["a"] = [Phase.L1];
        site.Run(10);

        Assert.True(site.IsOn("boiler"));
        Assert.False(site.IsOn("pool"));
        Assert.Equal(0m, site.LimitOf("a")); // 1000 W left under the cap = 4.3 A: below the floor, paused
        Assert.Equal(RippleMode.Reduced, site.Last!.Ripple);
    }

    [Fact]
    public void Ripple_reduced_caps_the_chargers_per_phase_in_amperes()
    {
        var config = Config(zone: new EvZoneConfig(22000, 0, ZonePhases.Three, [Charger("a", ThreePhase)]),
            ripple: new RippleControlConfig("m1", 0, null, ReducedLimitA: 10));
        var site = new ControlSite(config) { BaseW = -12000, RippleBits = 0b01 };
        site.Cars["a"] = ThreePhase;
        site.Run(10);
        Assert.Equal(10m, site.LimitOf("a"));
        Assert.Equal(DecisionReason.RippleReduced, site.Last!.Chargers[0].Reason);
    }

    [Theory]
    [InlineData(4140, 6)] // a zone minimum: chargers to their safe 6 A
    [InlineData(0, 0)]    // no zone minimum: paused
    public void A_stale_grid_reading_puts_chargers_to_their_safe_minimum_and_auto_relays_off_at_once(int zoneMinW, int safeA)
    {
        var config = Config(
            [Relay("boiler", RelayMode.AutoSolar, 2000, minOn: 3600), Relay("light", RelayMode.AlwaysOn, 100)],
            new EvZoneConfig(22000, zoneMinW, ZonePhases.Three, [Charger("a", ThreePhase)]),
            staleAfterSeconds: 5);
        var site = new ControlSite(config) { BaseW = -14000 };
        site.Cars["a"] = ThreePhase;
        site.Run(10);
        Assert.Equal(16m, site.LimitOf("a"));

        site.MeterOnline = false;
        site.Run(5); // the last reading is 5 s old: still valid
        Assert.False(site.Last!.FailSafe);
        Assert.True(site.IsOn("boiler"));

        var failSafe = site.Step();
        Assert.True(failSafe.FailSafe);
        Assert.False(site.IsOn("boiler"));
        Assert.True(site.IsOn("light"));
        Assert.Equal(safeA, site.LimitOf("a"));
        Assert.Contains(failSafe.Actions, a => a is { TargetId: "boiler", Reason: DecisionReason.FailSafe });
        Assert.Null(failSafe.GridPowerW);
    }

    [Fact]
    public void When_readings_return_limits_rise_by_at_most_2_A_per_cycle_and_relays_come_back_one_per_cycle()
    {
        var config = Config(
            [Relay("r1", RelayMode.AutoSolar, 500), Relay("r2", RelayMode.AutoSolar, 500), Relay("r3", RelayMode.AutoSolar, 500)],
            new EvZoneConfig(22000, 4140, ZonePhases.Three, [Charger("a", ThreePhase)]));
        var site = new ControlSite(config) { BaseW = -15000 };
        site.Cars["a"] = ThreePhase;
        site.Run(15);
        site.MeterOnline = false;
        site.Run(8);
        Assert.Equal(6m, site.LimitOf("a"));
        Assert.Equal(0, AutoRelays.Count(site.IsOn));

        site.MeterOnline = true;
        var limits = new List<decimal>();
        var relaysOn = new List<int>();
        for (var i = 0; i < 8; i++)
        {
            site.Step();
            limits.Add(site.LimitOf("a"));
            relaysOn.Add(AutoRelays.Count(site.IsOn));
        }

        Assert.Equal([8m, 10m, 12m, 14m, 16m, 16m, 16m, 16m], limits);
        Assert.Equal([1, 2, 3, 3, 3, 3, 3, 3], relaysOn);
        Assert.False(site.Last!.FailSafe);
    }

    [Fact]
    public void One_missing_meter_of_a_virtual_RCP_makes_the_grid_point_invalid_instead_of_counting_it_as_0_W()
    {
        var config = Config() with { GridMeterIds = ["a", "b"] };
        var now = Noon;
        var both = GridPoint.From(config, [new GridReading("a", now, 1000m), new GridReading("b", now, -300m)], now);
        var one = GridPoint.From(config, [new GridReading("a", now, 1000m)], now);

        Assert.Equal(new GridPoint(true, 700m, null, now), both);
        Assert.False(one.Valid);
    }

    [Fact]
    public void Without_phase_currents_a_fuse_protected_site_is_fail_safe()
    {
        var config = Config(fuse: new LoadManagementConfig(25, 3));
        Assert.False(GridPoint.From(config, [new GridReading("grid", Noon, 1000m)], Noon).Valid);
        Assert.True(GridPoint.From(config, [new GridReading("grid", Noon, 1000m, new PhaseCurrents(1m, 2m, 3m))], Noon).Valid);
    }
}
