using Portal.Contracts.Control;
using static Portal.Tests.Edge.Control.ControlSite;

namespace Portal.Tests.Edge.Control;

public sealed class ThresholdAndPeakGuardTests
{
    [Fact]
    public void Seed_003_peak_example_switches_off_above_625_Wh_per_15_minutes_and_stays_off_for_the_interval()
    {
        var heater = Relay("heater", RelayMode.Threshold, 2000, threshold: new ThresholdConfig(625, 625, 900));
        var site = new ControlSite(Config([heater])) { BaseW = 600 };
        site.Relays["heater"] = true;

        site.Run(900);
        Assert.True(site.IsOn("heater"));
        var off = site.Step(); // 900 s at 2600 W = 650 Wh
        Assert.False(site.IsOn("heater"));
        Assert.Contains(off.Actions, a => a is { TargetId: "heater", On: false, Reason: DecisionReason.ThresholdOff });
        Assert.Contains(new DecisionFigure(FigureKind.GridEnergyWh, 650m), off.Actions[0].Figures!);

        site.Run(899);
        Assert.False(site.IsOn("heater"));
        site.Step();
        Assert.True(site.IsOn("heater"));
    }

    [Fact]
    public void Under_625_Wh_per_15_minutes_the_seed_003_peak_example_stays_on()
    {
        var site = new ControlSite(Config([Relay("heater", RelayMode.Threshold, 2000, threshold: new ThresholdConfig(625, 625, 900))])) { BaseW = 400 };
        site.Relays["heater"] = true;
        site.Run(1200); // 2400 W = 600 Wh per 15 min
        Assert.True(site.IsOn("heater"));
    }

    [Theory]
    [InlineData(-2200, true)]  // -220 Wh per 6 min, below -200 Wh
    [InlineData(-1800, false)] // -180 Wh
    public void Seed_003_self_consumption_example_switches_on_below_minus_200_Wh_per_6_minutes(int baseW, bool on)
    {
        var site = new ControlSite(Config([Relay("pool", RelayMode.Threshold, 2000, threshold: new ThresholdConfig(-200, 0, 360))])) { BaseW = baseW };
        site.Run(360);
        Assert.False(site.IsOn("pool"));
        site.Step();
        Assert.Equal(on, site.IsOn("pool"));
    }

    [Fact]
    public void The_peak_guard_sheds_the_highest_priority_number_first_and_holds_the_quarter_hour_under_its_target()
    {
        // June target 3500 W = 875 Wh per quarter-hour (BILLING.md s.4); without the guard the quarter would average 4400 W.
        var targets = Enumerable.Repeat(3500, 12).ToArray();
        var site = new ControlSite(Config([Relay("heater", RelayMode.PeakGuard, 2000, priority: 10), Relay("boiler", RelayMode.PeakGuard, 1000, priority: 20)], peak: new PeakGuardConfig(targets)));
        site.Relays["heater"] = true;
        site.Relays["boiler"] = true;
        var importWh = 0m;
        var shedOrder = new List<string>();
        for (var second = 0; second < 900; second++)
        {
            site.BaseW = second is >= 300 and < 600 ? 2200 : 1000;
            var cycle = site.Step();
            importWh += Math.Max(0m, cycle.GridPowerW!.Value) / 3600m;
            shedOrder.AddRange(cycle.Actions.Where(a => a.Reason == DecisionReason.PeakGuardShed).Select(a => a.TargetId));
        }

        Assert.InRange(importWh, 750m, 875.5m);
        Assert.Equal("boiler", shedOrder[0]);
        Assert.Contains("heater", shedOrder);
    }

    [Fact]
    public void The_peak_guard_restores_a_shed_load_in_the_next_quarter_hour()
    {
        var site = new ControlSite(Config([Relay("heater", RelayMode.PeakGuard, 2000)], peak: new PeakGuardConfig(Enumerable.Repeat(2500, 12).ToArray())))
        {
            BaseW = 2400,
        };
        site.Relays["heater"] = true;
        site.Step();
        Assert.False(site.IsOn("heater"));

        site.BaseW = 200;
        site.Now = Noon.AddMinutes(15);
        var cycle = site.Step();
        Assert.True(site.IsOn("heater"));
        Assert.Contains(cycle.Actions, a => a.Reason == DecisionReason.PeakGuardRestore);
    }
}
