using System.Text.Json.Serialization;

namespace Portal.Contracts.Control;

/// <summary>
/// What the gateway controls, pushed inside <see cref="Mqtt.GatewayConfigMessage.Control"/> (additive within schema 1):
/// the relay modules and their relays, the EV zone, load management at the main fuse, ripple control and the
/// peak guard. Power in W, current in A per phase, times in seconds; windows in the site time zone of the config.
/// </summary>
public sealed record ControlConfig(
    IReadOnlyList<string> GridMeterIds,
    IReadOnlyList<RelayModuleConfig> RelayModules,
    IReadOnlyList<RelayConfig> Relays,
    EvZoneConfig? EvZone = null,
    LoadManagementConfig? LoadManagement = null,
    RippleControlConfig? RippleControl = null,
    PeakGuardConfig? PeakGuard = null,
    int SitePhases = 3,
    int CycleMilliseconds = 1000,
    int StaleAfterSeconds = 5);

/// <summary>A phase of the site's supply.</summary>
public enum Phase
{
    [JsonStringEnumMemberName("L1")]
    L1,

    [JsonStringEnumMemberName("L2")]
    L2,

    [JsonStringEnumMemberName("L3")]
    L3,
}

/// <summary>A relay module on a bus of the polling config (WP8024: 4 relays = coils 0-3, 8 inputs = discrete inputs 0-7).</summary>
public sealed record RelayModuleConfig(string Id, string Model, string BusId, int UnitId);

public enum RelayMode
{
    /// <summary>On while the solar surplus covers the appliance.</summary>
    [JsonStringEnumMemberName("autoSolar")]
    AutoSolar,

    /// <summary>On with solar surplus, and on inside the timer windows whatever the surplus.</summary>
    [JsonStringEnumMemberName("autoWithTimer")]
    AutoWithTimer,

    /// <summary>On inside the timer windows only.</summary>
    [JsonStringEnumMemberName("timerOnly")]
    TimerOnly,

    [JsonStringEnumMemberName("alwaysOn")]
    AlwaysOn,

    [JsonStringEnumMemberName("alwaysOff")]
    AlwaysOff,

    /// <summary>Switched from the portal (<see cref="ControlOverridesMessage.ManualRelays"/>).</summary>
    [JsonStringEnumMemberName("manual")]
    Manual,

    /// <summary>
    /// Seed 003: on while the grid-point energy over <see cref="ThresholdConfig.IntervalSeconds"/> stays below
    /// the ON threshold (negative = injection), off above the OFF threshold; the interval is also the minimum time in a state.
    /// </summary>
    [JsonStringEnumMemberName("threshold")]
    Threshold,

    /// <summary>On, but shed by priority when the peak guard forecasts the quarter-hour's average import above its target.</summary>
    [JsonStringEnumMemberName("peakGuard")]
    PeakGuard,
}

/// <summary>
/// One relay (coil) of a module and the appliance it switches. <see cref="Phases"/> are the site phases the
/// appliance loads (its nominal power split evenly over them). Stepped relays of one appliance (a three-phase
/// heater as up to three relays) share <see cref="StepGroup"/> and switch in <see cref="StepIndex"/> order.
/// Lower <see cref="Priority"/> number = served first, shed last.
/// </summary>
public sealed record RelayConfig(
    string Id,
    string ModuleId,
    int Coil,
    string Appliance,
    int NominalPowerW,
    RelayMode Mode,
    int Priority,
    IReadOnlyList<Phase> Phases,
    int MinOnSeconds = 0,
    int MinOffSeconds = 0,
    IReadOnlyList<TimeWindowConfig>? Windows = null,
    ThresholdConfig? Threshold = null,
    string? StepGroup = null,
    int StepIndex = 0);

/// <summary>A weekly window in the site time zone; <see cref="To"/> at or before <see cref="From"/> runs across midnight into the next day.</summary>
public sealed record TimeWindowConfig(IReadOnlyList<DayOfWeek> Days, TimeOnly From, TimeOnly To);

/// <summary>Seed 003 thresholds in Wh over the interval, measured at the grid point (import positive, injection negative).</summary>
public sealed record ThresholdConfig(int OnBelowWh, int OffAboveWh, int IntervalSeconds);

public enum ZonePhases
{
    [JsonStringEnumMemberName("one")]
    One,

    [JsonStringEnumMemberName("three")]
    Three,

    /// <summary>Detected per charger from the phases its car draws on.</summary>
    [JsonStringEnumMemberName("auto")]
    Auto,
}

/// <summary>The EV zone: its power bounds and chargers.</summary>
public sealed record EvZoneConfig(
    int MaxPowerW,
    int MinPowerW,
    ZonePhases Phases,
    IReadOnlyList<ChargerConfig> Chargers);

/// <summary>
/// A charger (OCPP 1.6J charge point <see cref="Id"/>, connector <see cref="ConnectorId"/>). <see cref="PhaseMapping"/>
/// says which site phase each charger phase is wired to (index 0 = the charger's phase 1); a single-phase charger
/// has one entry. Limits in A per phase; the IEC 61851 floor is 6 A.
/// </summary>
public sealed record ChargerConfig(
    string Id,
    IReadOnlyList<Phase> PhaseMapping,
    int ConnectorId = 1,
    string Protocol = "ocpp16",
    int MinCurrentA = 6,
    int MaxCurrentA = 16,
    int Priority = 100);

/// <summary>Main fuse protection: no phase may carry more than <see cref="MainLimitA"/> minus <see cref="MarginA"/>.</summary>
public sealed record LoadManagementConfig(int MainLimitA, int MarginA);

/// <summary>
/// Ripple control (Rundsteuerung) read from relay-module inputs: <see cref="ReducedInput"/> active = Reduced
/// (controllable loads limited to <see cref="ReducedLimitW"/> or <see cref="ReducedLimitA"/> per phase),
/// <see cref="LockedInput"/> active = Locked (controllable loads off). Neither = Normal; both = Locked.
/// </summary>
public sealed record RippleControlConfig(
    string ModuleId,
    int? ReducedInput,
    int? LockedInput,
    int? ReducedLimitW = null,
    int? ReducedLimitA = null);

/// <summary>Capacity tariff (BILLING.md section 4): the 15-minute average import target per month, index 0 = January.</summary>
public sealed record PeakGuardConfig(IReadOnlyList<int> MonthlyTargetW);

public enum RippleMode
{
    [JsonStringEnumMemberName("normal")]
    Normal,

    [JsonStringEnumMemberName("reduced")]
    Reduced,

    [JsonStringEnumMemberName("locked")]
    Locked,
}
