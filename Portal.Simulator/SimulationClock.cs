namespace Portal.Simulator;

/// <summary>
/// Simulated time = start + speed x time elapsed on the injected clock. Tests pass a clock they move
/// by hand (speed 1 then means "simulated = manual"); the executable passes the system clock and a speed-up.
/// </summary>
public sealed class SimulationClock
{
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _realStart;

    public SimulationClock(TimeProvider time, DateTimeOffset simulatedStart, double speed)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(speed);
        _time = time;
        _realStart = time.GetUtcNow();
        SimulatedStart = simulatedStart;
        Speed = speed;
    }

    public DateTimeOffset SimulatedStart { get; }

    public double Speed { get; }

    public DateTimeOffset Now => SimulatedStart + (_time.GetUtcNow() - _realStart) * Speed;

    /// <summary>Waits <paramref name="simulated"/> of simulated time (on the injected clock, divided by the speed).</summary>
    public Task DelayAsync(TimeSpan simulated, CancellationToken cancellationToken) =>
        Task.Delay(simulated <= TimeSpan.Zero ? TimeSpan.Zero : simulated / Speed, _time, cancellationToken);
}
