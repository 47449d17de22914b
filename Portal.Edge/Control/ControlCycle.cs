using Portal.Contracts;
using Portal.Contracts.Control;

namespace Portal.Edge.Control;

/// <summary>
/// What one cycle decided. <see cref="RelayCommands"/> lists every relay whose read-back state differs from the
/// decision (so a lost write is retried next cycle); <see cref="ChargerLimits"/> lists every charger whose limit or
/// phase count changed (0 A = paused); <see cref="Actions"/> are the changes with their reasons, to record and publish.
/// </summary>
public sealed record ControlCycle(
    DateTimeOffset At,
    IReadOnlyList<RelayCommand> RelayCommands,
    IReadOnlyList<ChargerLimit> ChargerLimits,
    IReadOnlyList<ControlAction> Actions,
    IReadOnlyList<RelayState> Relays,
    IReadOnlyList<ChargerState> Chargers,
    bool FailSafe,
    RippleMode Ripple,
    decimal? GridPowerW,
    PhaseCurrents? GridCurrentA)
{
    public ControlStateMessage ToStateMessage(string gatewayId) =>
        new(ContractVersion.Current, gatewayId, At, FailSafe, Ripple, Relays, Chargers, GridPowerW, GridCurrentA);

    public ControlDecisionMessage ToDecisionMessage(string gatewayId, long sequence) =>
        new(ContractVersion.Current, gatewayId, sequence, At, Actions);
}

/// <summary>Switch a relay (WP8024 coil, PROTOCOLS.md 2).</summary>
public sealed record RelayCommand(string RelayId, bool On);

/// <summary>A charger's limit in A per phase on <see cref="Phases"/> phases (SetChargingProfile, PROTOCOLS.md 6.3); 0 = paused.</summary>
public sealed record ChargerLimit(string ChargerId, decimal LimitA, int Phases);
