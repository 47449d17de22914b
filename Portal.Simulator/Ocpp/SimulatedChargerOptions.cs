using Portal.Contracts.Control;

namespace Portal.Simulator.Ocpp;

/// <summary>
/// One simulated charge point: its OCPP id, the car's phases (1 or 3) on charger phases 1..n, which site phase each
/// charger phase is wired to (as ChargerConfig.PhaseMapping), and what the car draws at most, A per phase.
/// </summary>
public sealed record SimulatedChargerOptions(string Id, int Phases, IReadOnlyList<Phase> PhaseMapping, double CarMaxAmps);
