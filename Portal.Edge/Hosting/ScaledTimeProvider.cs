namespace Portal.Edge.Hosting;

/// <summary>
/// A clock that runs <see cref="Speed"/> times faster than the one beneath it, starting at a chosen instant:
/// a test hands the same instance to the edge and to the site simulator and lives through a simulated day in
/// minutes. Timers are scaled too (a 15-minute wait at speed 600 lasts 1.5 real seconds), so polling loops,
/// back-off and quarter-hour wake-ups behave as they would in real time, only sooner.
/// </summary>
/// <remarks>
/// Only give this clock to code whose waits mean site time. Waits that are about a wire (Modbus response
/// guards, MQTT CONNACK and PUBACK timeouts) must stay on the real clock, or they would expire in microseconds.
/// </remarks>
public sealed class ScaledTimeProvider : TimeProvider
{
    private static readonly TimeSpan LongestTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly TimeProvider _inner;
    private readonly long _innerStart;

    public ScaledTimeProvider(DateTimeOffset start, double speed, TimeProvider? inner = null)
    {
        if (!double.IsFinite(speed) || speed <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "Speed must be a positive, finite factor.");
        }

        _inner = inner ?? System;
        _innerStart = _inner.GetTimestamp();
        Start = start.ToUniversalTime();
        Speed = speed;
    }

    /// <summary>What <see cref="GetUtcNow"/> returned at construction.</summary>
    public DateTimeOffset Start { get; }

    public double Speed { get; }

    public override TimeZoneInfo LocalTimeZone => _inner.LocalTimeZone;

    public override long TimestampFrequency => _inner.TimestampFrequency;

    // Measured from the inner clock's monotonic timestamp, so a wall-clock step on the host cannot move site time.
    public override DateTimeOffset GetUtcNow() => Start + ScaleUp(_inner.GetElapsedTime(_innerStart));

    public override long GetTimestamp() => _innerStart + (long)((_inner.GetTimestamp() - _innerStart) * Speed);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(_inner.CreateTimer(callback, state, ScaleDown(dueTime), ScaleDown(period)), this);

    /// <summary>Real duration of a simulated one; rounded up so that a timer never fires before its simulated due time.</summary>
    public TimeSpan ScaleDown(TimeSpan simulated)
    {
        if (simulated == Timeout.InfiniteTimeSpan || simulated <= TimeSpan.Zero)
        {
            return simulated;
        }

        // Timers count whole milliseconds of a coarser clock than the monotonic timestamp GetUtcNow reads, and
        // can fire up to a millisecond early by it: round up and add one, so no timer ends before its simulated time.
        // Timers take at most uint.MaxValue - 1 ms; a slow-motion clock (speed < 1) could ask for more.
        var milliseconds = Math.Ceiling(simulated.TotalMilliseconds / Speed) + 1;
        return milliseconds >= LongestTimer.TotalMilliseconds ? LongestTimer : TimeSpan.FromMilliseconds(milliseconds);
    }

    private TimeSpan ScaleUp(TimeSpan real) => TimeSpan.FromTicks((long)(real.Ticks * Speed));

    /// <summary>Scales <see cref="ITimer.Change"/> as well, which Task.Delay and CancellationTokenSource rely on.</summary>
    private sealed class ScaledTimer(ITimer inner, ScaledTimeProvider clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(clock.ScaleDown(dueTime), clock.ScaleDown(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
