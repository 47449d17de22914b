namespace Portal.Edge.Ocpp;

/// <summary>
/// The chargers as the control loop sees them, whatever protocol reaches them: the OCPP 1.6J central system
/// implements it (<see cref="OcppCentralSystem"/>); a Modbus TCP charger driver can follow. The loop polls
/// <see cref="Snapshot"/> once per cycle and sends its decisions with <see cref="SetLimitAsync"/>.
/// </summary>
public interface IChargerDriver
{
    /// <summary>Every known or connected charger as last reported, ordered by id; never blocks on the network.</summary>
    IReadOnlyList<ChargerSnapshot> Snapshot();

    /// <summary>
    /// Limits a charger to <paramref name="amps"/> per phase on <paramref name="phases"/> phases (1 or 3); 0 A pauses it.
    /// Completes when the charger answered or the call timed out; never throws for a charger that refuses or is gone.
    /// </summary>
    Task<ChargerLimitOutcome> SetLimitAsync(string chargerId, decimal amps, int phases, CancellationToken cancellationToken);

    /// <summary>The EV zone's chargers of the applied configuration: only these may connect (empty: the driver's own list).</summary>
    void SetKnownChargers(IReadOnlyList<Portal.Contracts.Control.ChargerConfig> chargers);
}

/// <summary>The connector state a charger reports (OCPP 1.6 ChargePointStatus, PROTOCOLS.md 6.2).</summary>
public enum ChargerStatus
{
    Unknown,
    Available,
    Preparing,
    Charging,
    SuspendedEVSE,
    SuspendedEV,
    Finishing,
    Reserved,
    Unavailable,
    Faulted,
}

/// <summary>What became of a limit.</summary>
public enum ChargerLimitOutcome
{
    Accepted,

    /// <summary>The charger answered Rejected, NotSupported or a CALLERROR.</summary>
    Rejected,

    /// <summary>No answer within the call timeout.</summary>
    TimedOut,

    /// <summary>The charger is not connected.</summary>
    NotConnected,
}

/// <summary>
/// Currents a charger measures, in A, per <b>charger</b> phase (index 0 = its phase 1, mapped to site phases by
/// the config's ChargerConfig.PhaseMapping); null where the charger reports nothing.
/// </summary>
public sealed record ChargerPhaseCurrents(decimal? Phase1, decimal? Phase2, decimal? Phase3);

/// <summary>One charger's state for one control cycle. Instants UTC, power W, energy Wh, currents A.</summary>
public sealed record ChargerSnapshot(
    string ChargerId,
    bool Connected,
    ChargerStatus Status,
    int? TransactionId,
    ChargerPhaseCurrents? Currents,
    decimal? PowerW,
    decimal? EnergyWh,
    DateTimeOffset? MeasuredAt,
    decimal? LimitA,
    int? LimitPhases)
{
    /// <summary>A car is plugged in and a session runs (or waits for current).</summary>
    public bool HasSession => TransactionId is not null || Status is ChargerStatus.Charging or ChargerStatus.SuspendedEV or ChargerStatus.SuspendedEVSE;
}
