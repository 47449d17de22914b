using Portal.Modbus;

namespace Portal.Edge.Relays;

/// <summary>
/// What the control cycle asks of the relay modules (WP8024, PROTOCOLS.md section 2). Writes are queued and
/// executed by the loop of the module's bus before its next meter read (write-first rule); the driver never
/// touches a bus itself, so a control cycle calling it never waits on a slow segment unless it awaits the result.
/// Coils are 0-based: coil 0 = RY1.
/// </summary>
public interface IRelayModuleDriver
{
    /// <summary>
    /// Asks for relay <paramref name="coil"/> of <paramref name="moduleId"/> to be on or off. The task completes after
    /// the bus has tried the write once; a failed write stays pending and is retried every cycle until it succeeds
    /// or a newer request for the coil replaces it (<see cref="RelayModuleState.PendingWrites"/> shows it).
    /// </summary>
    Task<RelayWriteResult> SetRelayAsync(string moduleId, int coil, bool on, CancellationToken cancellationToken);

    /// <summary>All four relays at once (one FC0F frame when all four are still pending together).</summary>
    Task<RelayWriteResult> SetAllRelaysAsync(string moduleId, IReadOnlyList<bool> relays, CancellationToken cancellationToken);

    /// <summary>The last known state of one module, or null when no such module is configured.</summary>
    RelayModuleState? StateOf(string moduleId);

    /// <summary>Every configured module, in configuration order.</summary>
    IReadOnlyList<RelayModuleState> Modules { get; }
}

public enum RelayModuleHealth
{
    /// <summary>Not read yet since the configuration was applied.</summary>
    Unknown,

    Answering,

    /// <summary>Timeout, broken frame or lost connection: the module or its bus is unreachable.</summary>
    NotAnswering,

    /// <summary>Answered with a Modbus exception: reachable but refusing (wrong unit id or model?).</summary>
    Refusing,
}

/// <summary>
/// One module as last seen. <see cref="Relays"/> (4, RY1 first) and <see cref="Inputs"/> (8, DI_01 first, true =
/// active, e.g. a ripple-control receiver) are null until read once; <see cref="ReadAt"/> is the last successful read.
/// </summary>
public sealed record RelayModuleState(
    string ModuleId,
    string BusId,
    byte UnitId,
    RelayModuleHealth Health,
    IReadOnlyList<bool>? Relays,
    IReadOnlyList<bool>? Inputs,
    DateTimeOffset? ReadAt,
    int ConsecutiveFailures,
    string? Error,
    IReadOnlyList<PendingRelayWrite> PendingWrites);

/// <summary>A requested coil state not yet confirmed by the module; <see cref="LastError"/> says why the last try failed.</summary>
public sealed record PendingRelayWrite(int Coil, bool On, DateTimeOffset RequestedAt, int Attempts, string? LastError);

/// <summary>
/// The outcome of the first try of a write. <see cref="ExceptionCode"/> is set when the module answered with a
/// Modbus exception (PROTOCOLS.md 3.2); <see cref="Error"/> is the reason in words for any failure.
/// </summary>
public sealed record RelayWriteResult(string ModuleId, bool Written, DateTimeOffset At, string? Error = null, ModbusExceptionCode? ExceptionCode = null);
