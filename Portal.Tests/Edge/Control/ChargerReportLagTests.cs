using Portal.Contracts.Control;
using Portal.Edge.Control;
using static Portal.Tests.Edge.Control.ControlSite;

namespace Portal.Tests.Edge.Control;

/// <summary>
/// Chargers report their draw every 5 s (OCPP MeterValues) while the grid meter is read every cycle: the loop must not
/// take a report from before its last limit change for what the car draws now (found by ClosedLoopChargerTests).
/// </summary>
public sealed class ChargerReportLagTests
{
    private const int ReportSeconds = 5;

    // The closed-loop charger scenario: a three-phase car charging on a 7 kW surplus, the house drawing 2 A per
    // phase, then a one-phase car on L2 with "charge now".
    private static ControlSite FuseSite(int reportSeconds, int mainLimitA)
    {
        var zone = new EvZoneConfig(22000, 4140, ZonePhases.Three, [Charger("tri", ThreePhase), Charger("l2", [Phase.L2])]);
        var site = new ControlSite(Config(zone: zone, fuse: new LoadManagementConfig(mainLimitA, 2)))
        {
            ChargerReportSeconds = reportSeconds,
            BaseA = new PhaseCurrents(2m, 2m, 2m),
            BaseW = -7000,
        };
        site.Cars["tri"] = ThreePhase;
        return site;
    }

    // A one-phase car on L2 plugs in with "charge now"; both cars' limits over the next 60 cycles.
    private static List<string> LimitsAfterAChargeNowCarArrives(ControlSite site)
    {
        site.Overrides = new ControlOverridesMessage(1, 1, Noon, [], [new ChargeNowOverride("l2", Noon.AddHours(2))]);
        site.Cars["l2"] = [Phase.L2];
        var limits = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            site.Step();
            limits.Add($"tri {site.LimitOf("tri")} l2 {site.LimitOf("l2")}");
        }

        return limits;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(ReportSeconds)]
    public void A_car_keeps_its_share_when_a_charge_now_car_arrives_instead_of_flapping_with_the_reports(int reportSeconds)
    {
        // A 32 A fuse leaves L2 room for both: 16 A charge-now and the three-phase car's 10.1 A (7000 W / 690 W per A).
        var site = FuseSite(reportSeconds, mainLimitA: 32);
        site.Run(30);
        Assert.Equal(10.1m, site.LimitOf("tri"));

        var limits = LimitsAfterAChargeNowCarArrives(site);

        // From the first cycle with the new car on: the charge-now car at its maximum, the other at its share, steady.
        Assert.All(limits, l => Assert.Equal("tri 10.1 l2 16", l));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(ReportSeconds)]
    public void A_charge_now_car_that_leaves_no_floor_on_its_phase_pauses_the_other_car_for_good(int reportSeconds)
    {
        // A 16 A fuse, 2 A margin: L2 has 12 A for the chargers, all of them for the charge-now car.
        var site = FuseSite(reportSeconds, mainLimitA: 16);
        site.Run(30);
        Assert.Equal(10.1m, site.LimitOf("tri"));

        var limits = LimitsAfterAChargeNowCarArrives(site);

        Assert.All(limits, l => Assert.Equal("tri 0 l2 12", l));
        Assert.Contains(site.Last!.Chargers, c => c is { ChargerId: "tri", Reason: DecisionReason.BelowFloor });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(ReportSeconds)]
    public void A_cut_for_a_rising_house_load_holds_while_the_reports_still_show_the_old_draw(int reportSeconds)
    {
        var site = FuseSite(reportSeconds, mainLimitA: 16);
        site.BaseW = -12000;
        site.Run(30);
        Assert.Equal(12m, site.LimitOf("tri")); // held by the fuse: 14 A - 2 A of house

        // An oven on every phase: +4 A. The car must come down to 8 A in the next cycle and stay there, so the phases
        // are above 14 A only in the cycle the oven came on.
        site.BaseA = new PhaseCurrents(6m, 6m, 6m);
        site.BaseW = -12000 + 3 * 4 * 230;
        var limits = new List<decimal>();
        var cyclesOver = 0;
        for (var i = 0; i < 20; i++)
        {
            site.Step();
            var measured = site.Last!.GridCurrentA!;
            cyclesOver += Math.Max(measured.L1, Math.Max(measured.L2, measured.L3)) > 14m ? 1 : 0;
            limits.Add(site.LimitOf("tri"));
        }

        Assert.Equal(1, cyclesOver);
        Assert.All(limits, a => Assert.Equal(8m, a));
    }

    [Fact]
    public void A_report_taken_under_the_limit_in_force_is_the_draw()
    {
        var draw = new ChargerDraw();
        draw.Sent(Noon, 100, 0b111);
        var reading = Reading(Noon.AddSeconds(2), 9.8m);

        var (current, powerW) = draw.At(Noon.AddSeconds(3), reading);

        Assert.Equal(new PhaseCurrents(9.8m, 9.8m, 9.8m), current);
        Assert.Equal(3 * 9.8m * 230, powerW);
    }

    [Fact]
    public void A_report_from_before_the_last_limit_is_replaced_by_that_limit()
    {
        var draw = new ChargerDraw();
        draw.Sent(Noon, 100, 0b111);
        draw.Sent(Noon.AddSeconds(3), 60, 0b111);

        var (current, powerW) = draw.At(Noon.AddSeconds(4), Reading(Noon.AddSeconds(2), 10m));

        Assert.Equal(new PhaseCurrents(6m, 6m, 6m), current);
        Assert.Equal(3 * 6m * 230, powerW);
    }

    [Fact]
    public void A_grid_reading_from_before_the_limit_change_is_matched_with_the_report_before_it()
    {
        var draw = new ChargerDraw();
        draw.Sent(Noon, 100, 0b111);
        draw.Sent(Noon.AddSeconds(3), 0, 0b111);

        var (current, _) = draw.At(Noon.AddSeconds(2.5), Reading(Noon.AddSeconds(2), 10m));

        Assert.Equal(new PhaseCurrents(10m, 10m, 10m), current);
    }

    [Fact]
    public void A_car_that_drew_less_than_it_was_allowed_is_not_taken_to_draw_a_higher_limit()
    {
        var draw = new ChargerDraw();
        draw.Sent(Noon, 160, 0b111);
        draw.Sent(Noon.AddSeconds(3), 120, 0b111);

        // The car took 7 A of its 16 A (its own charger limit, a battery near full): under 12 A it still takes 7 A.
        var (current, _) = draw.At(Noon.AddSeconds(4), Reading(Noon.AddSeconds(1), 7m));

        Assert.Equal(new PhaseCurrents(7m, 7m, 7m), current);
    }

    [Fact]
    public void A_paused_car_that_resumes_is_taken_at_its_new_limit_on_the_phases_it_loads()
    {
        var draw = new ChargerDraw();
        draw.Sent(Noon, 0, 0b010);
        draw.Sent(Noon.AddSeconds(3), 70, 0b010);

        var (current, powerW) = draw.At(Noon.AddSeconds(4), Reading(Noon.AddSeconds(1), 0m) with { CurrentA = new PhaseCurrents(0m, 0m, 0m) });

        Assert.Equal(new PhaseCurrents(0m, 7m, 0m), current);
        Assert.Equal(7m * 230, powerW);
    }

    [Fact]
    public void A_report_without_a_time_is_taken_as_it_is()
    {
        var draw = new ChargerDraw();
        draw.Sent(Noon, 100, 0b111);
        draw.Sent(Noon.AddSeconds(3), 60, 0b111);

        var (current, _) = draw.At(Noon.AddSeconds(4), Reading(Noon, 10m) with { MeasuredAt = null });

        Assert.Equal(new PhaseCurrents(10m, 10m, 10m), current);
    }

    private static ChargerReading Reading(DateTimeOffset at, decimal amps) =>
        new("c", true, "Charging", true, ThreePhase, new PhaseCurrents(amps, amps, amps), MeasuredAt: at);
}
