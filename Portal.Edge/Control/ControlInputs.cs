using Portal.Contracts.Control;

namespace Portal.Edge.Control;

/// <summary>
/// Everything one control cycle looks at, gathered by the caller (no I/O in the loop). <see cref="Now"/> comes from the
/// caller's <see cref="TimeProvider"/> and is UTC. A relay missing from <see cref="RelaysOn"/> is taken to be where the
/// loop last commanded it; a module missing from <see cref="RippleInputs"/> keeps the last ripple mode.
/// </summary>
public sealed record ControlInputs(
    DateTimeOffset Now,
    IReadOnlyList<GridReading> Grid,
    IReadOnlyDictionary<string, bool> RelaysOn,
    IReadOnlyList<ChargerReading> Chargers,
    IReadOnlyDictionary<string, byte>? RippleInputs = null,
    ControlOverridesMessage? Overrides = null);

/// <summary>
/// One introduction meter's latest reading: active power in W (import positive, export negative) and, when the meter
/// gives them, the currents per site phase in A.
/// </summary>
public sealed record GridReading(string MeterId, DateTimeOffset MeasuredAt, decimal PowerW, PhaseCurrents? CurrentA = null);

/// <summary>
/// A charger as its driver sees it: <see cref="Connected"/> = the charge point is online; <see cref="Status"/> its OCPP
/// 1.6 status (PROTOCOLS.md 6.2); <see cref="DrawPhases"/> the site phases its car draws on (from the measured
/// currents; used with <see cref="ZonePhases.Auto"/>); <see cref="CurrentA"/> what it draws per site phase, measured at
/// <see cref="MeasuredAt"/> (null: now). Chargers report every few seconds (OCPP MeterValues), so a reading may
/// predate the last limit sent; the loop then estimates the draw from the limit (<see cref="ChargerDraw"/>).
/// </summary>
public sealed record ChargerReading(
    string ChargerId,
    bool Connected,
    string Status,
    bool TransactionRunning,
    IReadOnlyList<Phase> DrawPhases,
    PhaseCurrents? CurrentA = null,
    decimal? PowerW = null,
    DateTimeOffset? MeasuredAt = null)
{
    private static readonly HashSet<string> CarPresent = new(StringComparer.OrdinalIgnoreCase)
    {
        "Preparing", "Charging", "SuspendedEV", "SuspendedEVSE",
    };

    /// <summary>A car is plugged in and may charge: the charger is online and a transaction runs or its status says a car is there.</summary>
    public bool WantsCurrent => Connected && (TransactionRunning || CarPresent.Contains(Status));

    /// <summary>Measured power, or the currents times 230 V when the charger reports no power.</summary>
    public decimal MeasuredPowerW => PowerW ?? (CurrentA is { } c ? (c.L1 + c.L2 + c.L3) * Electrical.VoltsPerPhase : 0m);
}
