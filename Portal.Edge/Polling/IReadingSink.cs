using Portal.Modbus.Meters;

namespace Portal.Edge.Polling;

/// <summary>
/// Where polling hands its results (MQTT publishing plugs in here). Called from the bus's polling
/// loop: return quickly and queue slow work, or the bus waits for you.
/// </summary>
public interface IReadingSink
{
    Task OnReadingAsync(MeterReading reading, CancellationToken cancellationToken);

    /// <summary>A meter failed a poll, or answered again after failing.</summary>
    Task OnMeterHealthAsync(MeterHealth health, CancellationToken cancellationToken);
}

public enum MeterHealthStatus
{
    /// <summary>Answered again after one or more failed polls.</summary>
    Recovered,

    /// <summary>No answer or a broken answer (timeout, CRC, connection): the meter or the bus is unreachable.</summary>
    NotAnswering,

    /// <summary>Answered with a Modbus exception: reachable, but refusing (wrong model or address map?).</summary>
    Refusing,
}

/// <summary>Health of one meter after a poll; <see cref="NextAttempt"/> says when it is tried again.</summary>
public sealed record MeterHealth(
    string MeterId,
    string BusId,
    MeterHealthStatus Status,
    int ConsecutiveFailures,
    DateTimeOffset At,
    DateTimeOffset NextAttempt,
    string? Error);
