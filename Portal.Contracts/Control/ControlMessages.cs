using System.Text.Json.Serialization;

namespace Portal.Contracts.Control;

/// <summary>
/// Portal to edge, retained on <c>control/overrides</c>: the portal switch of every relay in Manual mode and the
/// "charge now" overrides. The whole set each time, so the last retained message is the truth after a reconnect.
/// <see cref="Version"/> rises with each change (the edge ignores an older one).
/// </summary>
public sealed record ControlOverridesMessage(
    int Schema,
    long Version,
    DateTimeOffset IssuedAt,
    IReadOnlyList<ManualRelayState> ManualRelays,
    IReadOnlyList<ChargeNowOverride> ChargeNow);

/// <summary>The portal switch of a relay in Manual mode.</summary>
public sealed record ManualRelayState(string RelayId, bool On);

/// <summary>A user's "charge now": the charger gets its maximum within the fuse limits until <see cref="Until"/>.</summary>
public sealed record ChargeNowOverride(string ChargerId, DateTimeOffset Until);

/// <summary>Why the control loop did what it did; the portal words it per culture, <see cref="ControlAction.Detail"/> carries the figures.</summary>
public enum DecisionReason
{
    [JsonStringEnumMemberName("solarSurplus")] SolarSurplus,
    [JsonStringEnumMemberName("noSurplus")] NoSurplus,
    [JsonStringEnumMemberName("timerWindow")] TimerWindow,
    [JsonStringEnumMemberName("outsideWindow")] OutsideWindow,
    [JsonStringEnumMemberName("alwaysOn")] AlwaysOn,
    [JsonStringEnumMemberName("alwaysOff")] AlwaysOff,
    [JsonStringEnumMemberName("manual")] Manual,
    [JsonStringEnumMemberName("thresholdOn")] ThresholdOn,
    [JsonStringEnumMemberName("thresholdOff")] ThresholdOff,
    [JsonStringEnumMemberName("peakGuardShed")] PeakGuardShed,
    [JsonStringEnumMemberName("peakGuardRestore")] PeakGuardRestore,
    [JsonStringEnumMemberName("phaseLimit")] PhaseLimit,
    [JsonStringEnumMemberName("fairShare")] FairShare,
    [JsonStringEnumMemberName("belowFloor")] BelowFloor,
    [JsonStringEnumMemberName("chargeNow")] ChargeNow,
    [JsonStringEnumMemberName("zoneLimit")] ZoneLimit,
    [JsonStringEnumMemberName("rippleReduced")] RippleReduced,
    [JsonStringEnumMemberName("rippleLocked")] RippleLocked,
    [JsonStringEnumMemberName("failSafe")] FailSafe,
    [JsonStringEnumMemberName("recovered")] Recovered,
    [JsonStringEnumMemberName("disconnected")] Disconnected,
}

public enum ControlTargetKind
{
    [JsonStringEnumMemberName("relay")] Relay,
    [JsonStringEnumMemberName("charger")] Charger,
}

/// <summary>
/// One change the loop made: a relay switched (<see cref="On"/>) or a charger's limit set (<see cref="LimitA"/> per
/// phase on <see cref="Phases"/> phases; 0 = paused). <see cref="Figures"/> are the measured and set values that
/// explain it, for the portal to word per culture; <see cref="Detail"/> is the same in English for readers that
/// predate the figures (and the edge log).
/// </summary>
public sealed record ControlAction(
    ControlTargetKind Kind,
    string TargetId,
    DecisionReason Reason,
    bool? On = null,
    decimal? LimitA = null,
    int? Phases = null,
    string? Detail = null,
    IReadOnlyList<DecisionFigure>? Figures = null);

/// <summary>
/// Edge to portal, QoS 1, not retained, on <c>control/decisions</c>: the changes of one cycle, recorded on the
/// edge before they are published. <see cref="Sequence"/> rises per gateway; the portal deduplicates on it.
/// </summary>
public sealed record ControlDecisionMessage(
    int Schema,
    string GatewayId,
    long Sequence,
    DateTimeOffset At,
    IReadOnlyList<ControlAction> Actions);

/// <summary>Edge to portal, retained on <c>control/state</c>: where every relay and charger stands now.</summary>
public sealed record ControlStateMessage(
    int Schema,
    string GatewayId,
    DateTimeOffset At,
    bool FailSafe,
    RippleMode Ripple,
    IReadOnlyList<RelayState> Relays,
    IReadOnlyList<ChargerState> Chargers,
    decimal? GridPowerW = null,
    PhaseCurrents? GridCurrentA = null);

public sealed record RelayState(string RelayId, bool On, DecisionReason Reason, DateTimeOffset Since);

/// <summary>A charger's OCPP status (Available, Charging, ...), its limit and what its car draws.</summary>
public sealed record ChargerState(
    string ChargerId,
    bool Connected,
    string Status,
    decimal LimitA,
    int Phases,
    DecisionReason Reason,
    decimal? PowerW = null,
    PhaseCurrents? CurrentA = null);

/// <summary>Current per site phase in A.</summary>
public sealed record PhaseCurrents(decimal L1, decimal L2, decimal L3);

/// <summary>One figure that explains a decision: what it measures (its kind names the unit) and its value.</summary>
public sealed record DecisionFigure(FigureKind Kind, decimal Value);

/// <summary>
/// What a <see cref="DecisionFigure"/> measures; the suffix is the unit of its value on the wire (W, Wh, A, s).
/// Energy is sent in Wh like the thresholds of the config; the portal shows it in kWh.
/// </summary>
public enum FigureKind
{
    /// <summary>Solar surplus free for this load at its turn (negative: importing).</summary>
    [JsonStringEnumMemberName("surplusW")] SurplusW,
    /// <summary>Power at the grid point: import positive, injection negative.</summary>
    [JsonStringEnumMemberName("gridImportW")] GridImportW,
    /// <summary>The appliance's nominal power.</summary>
    [JsonStringEnumMemberName("needW")] NeedW,
    /// <summary>A solar relay that is on switches off below this surplus (nominal minus hysteresis).</summary>
    [JsonStringEnumMemberName("offBelowW")] OffBelowW,
    /// <summary>Grid-point energy over the threshold interval (seed 003; negative: injection).</summary>
    [JsonStringEnumMemberName("gridEnergyWh")] GridEnergyWh,
    [JsonStringEnumMemberName("intervalSeconds")] IntervalSeconds,
    [JsonStringEnumMemberName("onBelowWh")] OnBelowWh,
    [JsonStringEnumMemberName("offAboveWh")] OffAboveWh,
    /// <summary>A threshold relay waits until this much grid energy history is collected.</summary>
    [JsonStringEnumMemberName("collectingSeconds")] CollectingSeconds,
    /// <summary>Import the quarter-hour still allows under the peak target (BILLING.md s.4).</summary>
    [JsonStringEnumMemberName("underPeakW")] UnderPeakW,
    /// <summary>Grid energy imported in the quarter-hour so far.</summary>
    [JsonStringEnumMemberName("quarterEnergyWh")] QuarterEnergyWh,
    /// <summary>Power left under ripple control Reduced.</summary>
    [JsonStringEnumMemberName("rippleLeftW")] RippleLeftW,
    /// <summary>This step of a stepped appliance waits for the step before it (the value is the step's index).</summary>
    [JsonStringEnumMemberName("waitingStep")] WaitingStep,
    /// <summary>Power the EV zone shares among its normal chargers this cycle.</summary>
    [JsonStringEnumMemberName("zoneW")] ZoneW,
    /// <summary>The main limit minus the safety margin, per phase.</summary>
    [JsonStringEnumMemberName("fuseLimitA")] FuseLimitA,
    /// <summary>Current measured at the grid point on each phase.</summary>
    [JsonStringEnumMemberName("gridL1A")] GridL1A,
    [JsonStringEnumMemberName("gridL2A")] GridL2A,
    [JsonStringEnumMemberName("gridL3A")] GridL3A,
    /// <summary>Current left under the fuse limit on each phase after this decision.</summary>
    [JsonStringEnumMemberName("headroomL1A")] HeadroomL1A,
    [JsonStringEnumMemberName("headroomL2A")] HeadroomL2A,
    [JsonStringEnumMemberName("headroomL3A")] HeadroomL3A,
}
