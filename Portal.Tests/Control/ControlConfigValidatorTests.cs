using Portal.Contracts.Control;
using Portal.Contracts.Mqtt;

namespace Portal.Tests.Control;

/// <summary>The shared refusals of a control configuration that cannot work (issue 11), one test per rule.</summary>
public sealed class ControlConfigValidatorTests
{
    private static readonly PollingConfig Polling = new(
        [new BusConfig("b1", BusKind.Rtu, Device: "/dev/ttyUSB0")],
        [new MeterConfig("grid", "SDM630", 1, "b1")]);

    private static readonly RelayModuleConfig Module = new("rm1", "WP8024", "b1", 10);

    private static RelayConfig Relay(string id = "r1", int coil = 0, RelayMode mode = RelayMode.AutoSolar, IReadOnlyList<Phase>? phases = null) =>
        new(id, "rm1", coil, "Boiler", 3000, mode, 10, phases ?? [Phase.L1]);

    private static ChargerConfig Charger(string id, params Phase[] phases) => new(id, phases);

    private static ControlConfig Valid() => new(
        ["grid"], [Module], [Relay()],
        new EvZoneConfig(11000, 1380, ZonePhases.Auto, [Charger("cp-1", Phase.L1, Phase.L2, Phase.L3), Charger("cp-2", Phase.L2)]),
        new LoadManagementConfig(40, 2),
        new RippleControlConfig("rm1", 0, 1, ReducedLimitW: 4200),
        new PeakGuardConfig(Enumerable.Repeat(5000, 12).ToList()));

    private static List<ControlProblemCode> Codes(ControlConfig config, PollingConfig? polling = null) =>
        ControlConfigValidator.Check(config, polling ?? Polling).Select(p => p.Code).ToList();

    [Fact]
    public void A_sound_configuration_has_no_problem() => Assert.Empty(ControlConfigValidator.Check(Valid(), Polling));

    [Fact]
    public void Minimum_zone_power_above_the_maximum_is_refused_with_both_figures()
    {
        var problem = Assert.Single(ControlConfigValidator.Check(Valid() with { EvZone = Valid().EvZone! with { MinPowerW = 12000 } }, Polling));
        Assert.Equal(ControlProblemCode.ZoneMinAboveMax, problem.Code);
        Assert.Equal([12000L, 11000L], problem.Figures);
    }

    [Fact]
    public void A_main_limit_that_cannot_give_every_charger_its_6_A_floor_is_refused_per_phase()
    {
        // L2 carries cp-1 and cp-2: 12 A needed, 11 - 0 available; L1 and L3 carry cp-1 alone.
        var problems = ControlConfigValidator.Check(Valid() with { LoadManagement = new LoadManagementConfig(11, 0) }, Polling);
        var problem = Assert.Single(problems);
        Assert.Equal(ControlProblemCode.MainLimitBelowChargerFloor, problem.Code);
        Assert.Equal("L2", problem.Subject);
        Assert.Equal([11L, 12L], problem.Figures);
        Assert.Empty(ControlConfigValidator.Check(Valid() with { LoadManagement = new LoadManagementConfig(14, 2) }, Polling));
    }

    [Theory]
    [InlineData(RelayMode.TimerOnly)]
    [InlineData(RelayMode.AutoWithTimer)]
    public void A_relay_in_a_timer_mode_without_windows_is_refused(RelayMode mode)
    {
        Assert.Equal([ControlProblemCode.TimerWithoutWindows], Codes(Valid() with { Relays = [Relay(mode: mode)] }));
        var window = new TimeWindowConfig([DayOfWeek.Monday], new TimeOnly(22, 0), new TimeOnly(6, 0));
        Assert.Empty(Codes(Valid() with { Relays = [Relay(mode: mode) with { Windows = [window] }] }));
    }

    [Fact]
    public void Two_relays_on_one_coil_are_refused()
    {
        Assert.Equal([ControlProblemCode.CoilTaken], Codes(Valid() with { Relays = [Relay("r1", 2), Relay("r2", 2)] }));
    }

    [Fact]
    public void A_charger_mapped_to_a_phase_the_site_does_not_have_is_refused()
    {
        var config = Valid() with
        {
            SitePhases = 1,
            EvZone = Valid().EvZone! with { Chargers = [Charger("cp-2", Phase.L2)] },
            LoadManagement = null,
        };
        var problem = Assert.Single(ControlConfigValidator.Check(config, Polling));
        Assert.Equal(ControlProblemCode.PhaseNotOnSite, problem.Code);
        Assert.Equal("cp-2", problem.Subject);
        Assert.Equal([2L, 1L], problem.Figures);
    }

    [Fact]
    public void A_relay_on_an_unknown_module_is_refused() =>
        Assert.Equal([ControlProblemCode.UnknownModule], Codes(Valid() with { Relays = [Relay() with { ModuleId = "nope" }] }));

    [Theory]
    [InlineData(-1)]
    [InlineData(4)]
    public void A_coil_outside_0_to_3_is_refused(int coil) =>
        Assert.Equal([ControlProblemCode.CoilOutOfRange], Codes(Valid() with { Relays = [Relay(coil: coil)] }));

    [Theory]
    [InlineData(-1)]
    [InlineData(8)]
    public void A_ripple_input_outside_0_to_7_is_refused(int input) =>
        Assert.Equal([ControlProblemCode.InputOutOfRange], Codes(Valid() with { RippleControl = new RippleControlConfig("rm1", input, 1, ReducedLimitA: 16) }));

    [Fact]
    public void Ripple_inputs_shared_missing_or_without_a_reduced_limit_are_refused()
    {
        Assert.Equal([ControlProblemCode.RippleInputsShared], Codes(Valid() with { RippleControl = new RippleControlConfig("rm1", 3, 3, ReducedLimitW: 1000) }));
        Assert.Equal([ControlProblemCode.RippleWithoutInput], Codes(Valid() with { RippleControl = new RippleControlConfig("rm1", null, null) }));
        Assert.Equal([ControlProblemCode.RippleReducedLimit], Codes(Valid() with { RippleControl = new RippleControlConfig("rm1", 0, null) }));
        Assert.Empty(Codes(Valid() with { RippleControl = new RippleControlConfig("rm1", null, 5) }));
    }

    [Fact]
    public void Meters_and_relay_modules_over_31_devices_on_one_bus_are_refused()
    {
        var meters = Enumerable.Range(1, 30).Select(i => new MeterConfig($"m{i}", "SDM630", i, "b1")).ToList();
        var polling = Polling with { Meters = [.. meters] };
        var config = Valid() with { GridMeterIds = ["m1"], RelayModules = [Module with { UnitId = 40 }, new RelayModuleConfig("rm2", "WP8024", "b1", 41)] };
        var problem = Assert.Single(ControlConfigValidator.Check(config, polling));
        Assert.Equal(ControlProblemCode.BusDeviceLimit, problem.Code);
        Assert.Equal([32L, 31L], problem.Figures);
        Assert.Empty(ControlConfigValidator.Check(config with { RelayModules = [Module with { UnitId = 40 }] }, polling));
    }

    [Fact]
    public void A_module_on_a_meter_s_unit_id_on_an_unknown_bus_or_of_an_unknown_model_is_refused()
    {
        Assert.Equal([ControlProblemCode.UnitIdTaken], Codes(Valid() with { RelayModules = [Module with { UnitId = 1 }] }));
        Assert.Equal([ControlProblemCode.UnknownBus], Codes(Valid() with { RelayModules = [Module with { BusId = "b9" }] }));
        Assert.Equal([ControlProblemCode.UnknownModuleModel], Codes(Valid() with { RelayModules = [Module with { Model = "XY" }] }));
        Assert.Equal([ControlProblemCode.UnitIdOutOfRange], Codes(Valid() with { RelayModules = [Module with { UnitId = 248 }] }));
    }

    [Fact]
    public void Thresholds_with_ON_at_or_above_OFF_or_missing_in_threshold_mode_are_refused()
    {
        // Seed 003: ON at -0.200 kWh per 6 min, OFF at 0.625 kWh per 15 min.
        var sound = Relay(mode: RelayMode.Threshold) with { Threshold = new ThresholdConfig(-200, 625, 360) };
        Assert.Empty(Codes(Valid() with { Relays = [sound] }));
        Assert.Equal([ControlProblemCode.ThresholdOnAboveOff], Codes(Valid() with { Relays = [sound with { Threshold = new ThresholdConfig(700, 625, 900) }] }));
        Assert.Equal([ControlProblemCode.ThresholdMissing], Codes(Valid() with { Relays = [Relay(mode: RelayMode.Threshold)] }));
        Assert.Equal([ControlProblemCode.ThresholdIntervalOutOfRange], Codes(Valid() with { Relays = [sound with { Threshold = new ThresholdConfig(-200, 625, 10) }] }));
    }

    [Theory]
    [InlineData(11)]
    [InlineData(13)]
    public void Peak_guard_targets_other_than_12_months_are_refused(int months) =>
        Assert.Equal([ControlProblemCode.PeakGuardMonthCount], Codes(Valid() with { PeakGuard = new PeakGuardConfig(Enumerable.Repeat(5000, months).ToList()) }));

    [Fact]
    public void A_step_group_holds_at_most_three_relays_on_distinct_steps()
    {
        RelayConfig Step(string id, int coil, int index) => Relay(id, coil) with { StepGroup = "heater", StepIndex = index };
        Assert.Empty(Codes(Valid() with { Relays = [Step("s1", 0, 0), Step("s2", 1, 1), Step("s3", 2, 2)] }));
        Assert.Equal([ControlProblemCode.StepIndexTaken], Codes(Valid() with { Relays = [Step("s1", 0, 0), Step("s2", 1, 0)] }));
        Assert.Contains(ControlProblemCode.StepGroupTooLarge, Codes(Valid() with { Relays = [Step("s1", 0, 0), Step("s2", 1, 1), Step("s3", 2, 2), Step("s4", 3, 2)] }));
    }

    [Fact]
    public void Field_limits_are_refused_with_the_value_and_its_bounds()
    {
        var problem = Assert.Single(ControlConfigValidator.Check(Valid() with { Relays = [Relay() with { NominalPowerW = 0 }] }, Polling));
        Assert.Equal(ControlProblemCode.NominalPowerOutOfRange, problem.Code);
        Assert.Equal([0L, 1L, ControlConfigValidator.MaxNominalPowerW], problem.Figures);
        Assert.Equal([ControlProblemCode.ChargerCurrentOutOfRange], Codes(Valid() with { EvZone = Valid().EvZone! with { Chargers = [new ChargerConfig("cp-1", [Phase.L1], MinCurrentA: 5)] } }));
        Assert.Equal([ControlProblemCode.ChargerMinAboveMax], Codes(Valid() with { EvZone = Valid().EvZone! with { Chargers = [new ChargerConfig("cp-1", [Phase.L1], MinCurrentA: 16, MaxCurrentA: 10)] } }));
        Assert.Equal([ControlProblemCode.MarginOutOfRange], Codes(Valid() with { LoadManagement = new LoadManagementConfig(40, 40) }));
        Assert.Equal([ControlProblemCode.ChargerPhaseMappingInvalid], Codes(Valid() with { EvZone = Valid().EvZone! with { Chargers = [new ChargerConfig("cp-1", [Phase.L1, Phase.L1])] } }));
        Assert.Equal([ControlProblemCode.DuplicateId], Codes(Valid() with { Relays = [Relay("r1", 0), Relay("r1", 1)] }));
    }

    [Fact]
    public void Something_to_control_without_a_grid_meter_or_with_an_unknown_one_is_refused()
    {
        Assert.Equal([ControlProblemCode.NoGridMeter], Codes(Valid() with { GridMeterIds = [] }));
        Assert.Equal([ControlProblemCode.UnknownGridMeter], Codes(Valid() with { GridMeterIds = ["ghost"] }));
    }
}
