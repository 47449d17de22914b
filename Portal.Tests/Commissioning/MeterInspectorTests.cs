using Portal.Commissioning;
using Portal.Sites;
using Portal.Telemetry;

namespace Portal.Tests.Commissioning;

public sealed class MeterInspectorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(30);

    private static ExistingMeter Meter(MeterRole role = MeterRole.Consumer) => new("apt-1", "Apartment 1", "bus-c1", 1, role, null);

    private static LiveMeterValues Live(
        decimal? l1 = 231, decimal? l2 = 229, decimal? l3 = 232, decimal power = 600,
        decimal? p1 = null, decimal? p2 = null, decimal? p3 = null, TimeSpan? age = null) =>
        new("apt-1", Guid.Empty, Now - (age ?? TimeSpan.FromSeconds(2)), power, 1234.5m, 0.1m, l1, l2, l3, PowerL1: p1, PowerL2: p2, PowerL3: p3);

    private static MeterInspection Assess(LiveMeterValues? live, MeterRole role = MeterRole.Consumer) =>
        MeterInspector.Assess(Meter(role), live, Now, StaleAfter);

    [Fact]
    public void A_meter_answering_with_three_healthy_phases_and_power_in_is_ok()
    {
        Assert.Equal(new MeterInspection("apt-1", InspectionStatus.Ok, "Inspection.Ok"), Assess(Live(p1: 200, p2: 200, p3: 200)));
    }

    [Fact]
    public void A_meter_with_no_live_values_is_not_answering()
    {
        Assert.Equal(new MeterInspection("apt-1", InspectionStatus.NotAnswering, "Inspection.NotAnswering"), Assess(null));
    }

    [Fact]
    public void A_meter_whose_last_values_are_older_than_the_tolerance_is_not_answering_any_more()
    {
        var inspection = Assess(Live(age: TimeSpan.FromSeconds(31)));

        Assert.Equal((InspectionStatus.NotAnswering, "Inspection.Stale"), (inspection.Status, inspection.Hint));
        Assert.Equal(InspectionStatus.Ok, Assess(Live(age: TimeSpan.FromSeconds(30))).Status);
    }

    [Theory]
    [InlineData(175, "Inspection.VoltageLow")]
    [InlineData(265, "Inspection.VoltageHigh")]
    [InlineData(400, "Inspection.VoltageHigh")]
    public void A_phase_voltage_outside_180_to_260_V_is_implausible(int volts, string hint)
    {
        var inspection = Assess(Live(l2: volts));

        Assert.Equal((InspectionStatus.Implausible, hint), (inspection.Status, inspection.Hint));
    }

    [Theory]
    [InlineData(180)]
    [InlineData(260)]
    public void The_band_limits_themselves_are_plausible(int volts)
    {
        Assert.Equal(InspectionStatus.Ok, Assess(Live(l1: volts, l2: volts, l3: volts)).Status);
    }

    [Theory]
    [InlineData(231, 0, 230)]
    [InlineData(231, 230, null)]
    [InlineData(0, 230, 230)]
    [InlineData(12, 230, 230)]
    [InlineData(0, 230, 0)]
    public void A_phase_at_zero_while_others_are_live_is_a_missing_phase(int? l1, int? l2, int? l3)
    {
        var inspection = Assess(Live(l1: l1, l2: l2, l3: l3));

        Assert.Equal((InspectionStatus.Implausible, "Inspection.MissingPhase"), (inspection.Status, inspection.Hint));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(null, null)]
    [InlineData(3, null)]
    public void Only_L1_live_is_taken_as_a_single_phase_supply_and_passes_with_a_hint_to_confirm(int? l2, int? l3)
    {
        var inspection = Assess(Live(l1: 230, l2: l2, l3: l3));

        Assert.Equal((InspectionStatus.Ok, "Inspection.SinglePhase"), (inspection.Status, inspection.Hint));
    }

    [Fact]
    public void A_single_phase_meter_with_a_bad_voltage_on_L1_is_still_implausible()
    {
        Assert.Equal("Inspection.VoltageLow", Assess(Live(l1: 175, l2: 0, l3: 0)).Hint);
    }

    [Fact]
    public void A_meter_answering_with_no_voltage_on_any_phase_is_implausible()
    {
        Assert.Equal((InspectionStatus.Implausible, "Inspection.NoVoltage"), (Assess(Live(0, 0, 0)).Status, Assess(Live(0, 0, 0)).Hint));
    }

    [Fact]
    public void Without_phase_voltages_in_the_live_values_only_the_power_is_judged()
    {
        Assert.Equal(InspectionStatus.Ok, Assess(Live(null, null, null)).Status);
    }

    [Theory]
    [InlineData(MeterRole.Consumer)]
    [InlineData(MeterRole.CommonArea)]
    [InlineData(MeterRole.HeatPump)]
    [InlineData(MeterRole.EvCharging)]
    public void A_load_meter_with_clearly_negative_power_is_reversed(MeterRole role)
    {
        var inspection = Assess(Live(power: -800), role);

        Assert.Equal((InspectionStatus.Reversed, "Inspection.Reversed"), (inspection.Status, inspection.Hint));
    }

    [Fact]
    public void A_few_watts_negative_on_a_consumer_is_noise_not_a_reversal()
    {
        Assert.Equal(InspectionStatus.Ok, Assess(Live(power: -50, p1: -20)).Status);
    }

    [Fact]
    public void One_phase_negative_while_the_total_is_positive_is_a_reversed_CT_on_that_phase()
    {
        var inspection = Assess(Live(power: 400, p1: 500, p2: -300, p3: 200));

        Assert.Equal((InspectionStatus.Reversed, "Inspection.PhaseReversed"), (inspection.Status, inspection.Hint));
    }

    [Theory]
    [InlineData(MeterRole.GridIntroduction)]
    [InlineData(MeterRole.Battery)]
    [InlineData(MeterRole.Other)]
    public void Meters_whose_power_runs_both_ways_are_not_judged_on_direction(MeterRole role)
    {
        Assert.Equal(InspectionStatus.Ok, Assess(Live(power: -5000, p1: -2000), role).Status);
    }

    [Fact]
    public void A_PV_meter_producing_shows_negative_power_and_is_ok_but_one_drawing_kilowatts_is_reversed()
    {
        Assert.Equal(InspectionStatus.Ok, Assess(Live(power: -4200), MeterRole.PvProduction).Status);
        Assert.Equal(InspectionStatus.Ok, Assess(Live(power: 9), MeterRole.PvProduction).Status);
        Assert.Equal((InspectionStatus.Reversed, "Inspection.PvReversed"), (Assess(Live(power: 4200), MeterRole.PvProduction).Status, Assess(Live(power: 4200), MeterRole.PvProduction).Hint));
    }

    [Fact]
    public void A_voltage_fault_is_reported_before_a_direction_fault()
    {
        Assert.Equal(InspectionStatus.Implausible, Assess(Live(l3: 0, power: -900)).Status);
    }

    [Fact]
    public void A_site_is_commissionable_only_when_every_meter_is_ok()
    {
        MeterInspection Ok(string id) => new(id, InspectionStatus.Ok, "Inspection.Ok");

        Assert.True(MeterInspector.IsCommissionable([Ok("a"), Ok("b"), new("c", InspectionStatus.Ok, "Inspection.SinglePhase")]));
        Assert.False(MeterInspector.IsCommissionable([Ok("a"), new("b", InspectionStatus.NotAnswering, "Inspection.NotAnswering")]));
        Assert.False(MeterInspector.IsCommissionable([Ok("a"), new("b", InspectionStatus.Implausible, "Inspection.VoltageLow")]));
        Assert.False(MeterInspector.IsCommissionable([new("a", InspectionStatus.Reversed, "Inspection.Reversed"), Ok("b")]));
    }

    [Fact]
    public void A_site_without_any_meter_is_not_commissionable()
    {
        Assert.False(MeterInspector.IsCommissionable([]));
    }
}
