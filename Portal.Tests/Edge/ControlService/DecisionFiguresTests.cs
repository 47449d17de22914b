using Portal.Contracts.Control;
using Portal.Tests.Edge.Control;
using static Portal.Tests.Edge.Control.ControlSite;

namespace Portal.Tests.Edge.ControlService;

/// <summary>The loop explains each change with figures (<see cref="ControlAction.Figures"/>), and the same in English for older readers.</summary>
public sealed class DecisionFiguresTests
{
    [Fact]
    public void A_solar_relay_that_switches_on_carries_the_surplus_its_need_its_switch_off_point_and_the_grid_power()
    {
        var site = new ControlSite(Config([Relay("boiler", RelayMode.AutoSolar, 2000)])) { BaseW = -3000 };

        var action = Assert.Single(site.Step().Actions);

        Assert.Equal(
            [new(FigureKind.SurplusW, 3000m), new(FigureKind.NeedW, 2000m), new(FigureKind.OffBelowW, 1800m), new(FigureKind.GridImportW, -3000m)],
            action.Figures!);
        Assert.Equal("surplus 3000 W, needs 2000 W, off below 1800 W, grid -3000 W", action.Detail);
    }

    [Fact]
    public void A_threshold_relay_carries_the_grid_energy_over_its_interval_and_both_thresholds()
    {
        // Seed 003 self-consumption: ON below -200 Wh per 6 min; 2200 W injected for 6 min = -220 Wh.
        var site = new ControlSite(Config([Relay("pool", RelayMode.Threshold, 2000, threshold: new ThresholdConfig(-200, 0, 360))])) { BaseW = -2200 };
        site.Run(360);

        var action = Assert.Single(site.Step().Actions);

        Assert.Equal(DecisionReason.ThresholdOn, action.Reason);
        Assert.Equal(
            [new(FigureKind.GridEnergyWh, -220m), new(FigureKind.IntervalSeconds, 360m), new(FigureKind.OnBelowWh, -200m), new(FigureKind.OffAboveWh, 0m)],
            action.Figures!);
    }

    [Fact]
    public void A_charger_held_by_a_phase_carries_the_fuse_limit_the_measured_currents_and_the_headroom_per_phase()
    {
        // 25 A main fuse, 3 A margin: 22 A per phase; the house draws 8 A on L1.
        var site = new ControlSite(Config(zone: new EvZoneConfig(22000, 0, ZonePhases.Auto, [Charger("mono1", [Phase.L1]), Charger("mono2", [Phase.L2])]),
            fuse: new LoadManagementConfig(25, 3)))
        {
            BaseA = new PhaseCurrents(8m, 2m, 2m),
            BaseW = -20000,
        };
        site.Cars["mono1"] = [Phase.L1];
        site.Cars["mono2"] = [Phase.L2];
        site.Run(12);

        // The house takes 3 A more on L1: the L1 charger steps down to what the fuse leaves.
        site.BaseA = new PhaseCurrents(11m, 2m, 2m);
        var actions = new List<ControlAction>();
        for (var i = 0; i < 3; i++)
        {
            actions.AddRange(site.Step().Actions);
        }

        var held = actions.Last(a => a is { TargetId: "mono1", Reason: DecisionReason.PhaseLimit });
        var figures = held.Figures!.ToDictionary(f => f.Kind, f => f.Value);
        Assert.Equal(22m, figures[FigureKind.FuseLimitA]);
        Assert.True(figures[FigureKind.GridL1A] >= 8m, $"L1 measured {figures[FigureKind.GridL1A]} A");
        Assert.True(figures[FigureKind.HeadroomL1A] < 1m, $"L1 left {figures[FigureKind.HeadroomL1A]} A");
        Assert.True(figures[FigureKind.ZoneW] > 0m);
        Assert.Contains("fuse limit 22.0 A", held.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_steady_cycle_explains_nothing()
    {
        var site = new ControlSite(Config([Relay("boiler", RelayMode.AutoSolar, 2000)])) { BaseW = -3000 };
        site.Run(3);

        Assert.Empty(site.Step().Actions);
    }
}
