using Portal.Contracts.Control;
using Portal.Edge.Control;
using static Portal.Tests.Edge.Control.ControlSite;

namespace Portal.Tests.Edge.Control;

public sealed class RelayModeTests
{
    [Fact]
    public void AutoSolar_switches_on_when_the_surplus_covers_its_power_and_its_own_draw_does_not_switch_it_off()
    {
        var site = new ControlSite(Config([Relay("boiler", RelayMode.AutoSolar, 2000)])) { BaseW = -1900 };
        site.Run(3);
        Assert.False(site.IsOn("boiler"));

        site.BaseW = -2100;
        var on = site.Step();
        site.Run(30);

        Assert.Contains(on.Actions, a => a is { TargetId: "boiler", On: true, Reason: DecisionReason.SolarSurplus });
        Assert.True(site.IsOn("boiler"));
        Assert.Equal(-100m, site.Last!.GridPowerW);
    }

    [Fact]
    public void AutoSolar_stays_on_within_the_hysteresis_and_switches_off_when_import_exceeds_it()
    {
        var site = new ControlSite(Config([Relay("boiler", RelayMode.AutoSolar, 2000)])) { BaseW = -2500 };
        site.Run(2);
        Assert.True(site.IsOn("boiler"));

        site.BaseW = -1850;
        site.Run(10);
        Assert.True(site.IsOn("boiler"));

        site.BaseW = -1750;
        var off = site.Step();
        Assert.False(site.IsOn("boiler"));
        Assert.Contains(off.Actions, a => a is { TargetId: "boiler", On: false, Reason: DecisionReason.NoSurplus });
    }

    [Fact]
    public void Minimum_on_and_off_times_hold_the_relay_whatever_the_surplus_does()
    {
        var site = new ControlSite(Config([Relay("pump", RelayMode.AutoSolar, 1000, minOn: 60, minOff: 120)])) { BaseW = -1500 };
        site.Step();
        Assert.True(site.IsOn("pump"));

        site.BaseW = 500;
        site.Run(59);
        Assert.True(site.IsOn("pump"));
        site.Step();
        Assert.False(site.IsOn("pump"));

        site.BaseW = -1500;
        site.Run(119);
        Assert.False(site.IsOn("pump"));
        site.Step();
        Assert.True(site.IsOn("pump"));
    }

    [Fact]
    public void The_lower_priority_number_gets_the_surplus_first()
    {
        var site = new ControlSite(Config([Relay("pool", RelayMode.AutoSolar, 1500, priority: 20), Relay("boiler", RelayMode.AutoSolar, 1500, priority: 5)]))
        {
            BaseW = -2000,
        };
        site.Run(5);
        Assert.True(site.IsOn("boiler"));
        Assert.False(site.IsOn("pool"));

        site.BaseW = -3200;
        site.Run(2);
        Assert.True(site.IsOn("pool"));
    }

    [Fact]
    public void Stepped_relays_switch_on_in_step_order_and_off_from_the_last_step()
    {
        var steps = new[]
        {
            Relay("heater-3", RelayMode.AutoSolar, 1000, stepGroup: "heater", stepIndex: 3, phases: [Phase.L3]),
            Relay("heater-1", RelayMode.AutoSolar, 1000, stepGroup: "heater", stepIndex: 1, phases: [Phase.L1]),
            Relay("heater-2", RelayMode.AutoSolar, 1000, stepGroup: "heater", stepIndex: 2, phases: [Phase.L2]),
        };
        var site = new ControlSite(Config(steps)) { BaseW = -2100 };
        site.Run(3);
        Assert.Equal([true, true, false], new[] { site.IsOn("heater-1"), site.IsOn("heater-2"), site.IsOn("heater-3") });

        site.BaseW = -1000;
        site.Run(3);
        Assert.Equal([true, false, false], new[] { site.IsOn("heater-1"), site.IsOn("heater-2"), site.IsOn("heater-3") });
    }

    [Fact]
    public void Always_on_always_off_and_manual_follow_their_setting_and_manual_defaults_to_off()
    {
        var site = new ControlSite(Config([Relay("light", RelayMode.AlwaysOn, 100), Relay("fan", RelayMode.AlwaysOff, 100), Relay("sauna", RelayMode.Manual, 6000)]))
        {
            BaseW = 300,
        };
        site.Step();
        Assert.True(site.IsOn("light"));
        Assert.False(site.IsOn("fan"));
        Assert.False(site.IsOn("sauna"));

        site.Overrides = new ControlOverridesMessage(1, 2, Noon, [new ManualRelayState("sauna", true)], []);
        var cycle = site.Step();
        Assert.True(site.IsOn("sauna"));
        Assert.Contains(cycle.Actions, a => a is { TargetId: "sauna", On: true, Reason: DecisionReason.Manual });
    }

    [Fact]
    public void A_relay_command_is_repeated_while_the_read_back_state_disagrees()
    {
        var loop = new ControlLoop(Config([Relay("light", RelayMode.AlwaysOn, 100)]), Zurich);
        var grid = new List<GridReading> { new("grid", Noon, 100m) };
        var off = new Dictionary<string, bool> { ["light"] = false };

        var first = loop.Step(new ControlInputs(Noon, grid, off, []));
        var second = loop.Step(new ControlInputs(Noon.AddSeconds(1), grid, off, []));
        var third = loop.Step(new ControlInputs(Noon.AddSeconds(2), grid, new Dictionary<string, bool> { ["light"] = true }, []));

        Assert.Equal([new RelayCommand("light", true)], first.RelayCommands);
        Assert.Equal([new RelayCommand("light", true)], second.RelayCommands);
        Assert.Empty(second.Actions);
        Assert.Empty(third.RelayCommands);
    }

    [Fact]
    public void AutoWithTimer_is_on_in_its_window_without_surplus_and_on_with_surplus_outside_it()
    {
        // 10:00 UTC = 12:00 in Zurich (summer).
        var window = new TimeWindowConfig([DayOfWeek.Monday], new TimeOnly(12, 0), new TimeOnly(12, 30));
        var site = new ControlSite(Config([Relay("boiler", RelayMode.AutoWithTimer, 2000, windows: [window])])) { BaseW = 800 };
        var cycle = site.Step();
        Assert.True(site.IsOn("boiler"));
        Assert.Contains(cycle.Actions, a => a.Reason == DecisionReason.TimerWindow);

        site.Now = Noon.AddMinutes(31);
        site.Step();
        Assert.False(site.IsOn("boiler"));

        site.BaseW = -2500;
        site.Step();
        Assert.True(site.IsOn("boiler"));
    }
}
