using System.Diagnostics;
using Portal.Edge.Hosting;

namespace Portal.Tests.Edge.Hosting;

public sealed class ScaledTimeProviderTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 21, 3, 50, 0, TimeSpan.Zero);

    [Fact]
    public void Now_starts_at_the_start_instant_and_runs_speed_times_faster()
    {
        var inner = new SteppedClock();
        var clock = new ScaledTimeProvider(Start, speed: 600, inner);

        var stamp = clock.GetTimestamp();
        Assert.Equal(Start, clock.GetUtcNow());

        inner.Advance(TimeSpan.FromSeconds(1.5));

        Assert.Equal(Start.AddMinutes(15), clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromMinutes(15), clock.GetElapsedTime(stamp));
    }

    [Fact]
    public void Timers_are_created_and_changed_with_due_time_and_period_divided_by_the_speed_plus_a_millisecond()
    {
        var inner = new SteppedClock();
        var clock = new ScaledTimeProvider(Start, speed: 600, inner);

        using var timer = clock.CreateTimer(_ => { }, null, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(1));
        timer.Change(TimeSpan.FromMinutes(30), Timeout.InfiniteTimeSpan);

        // One millisecond on top: system timers may fire up to a millisecond early by the monotonic clock.
        Assert.Equal((TimeSpan.FromMilliseconds(1501), TimeSpan.FromMilliseconds(101)), inner.Created.Single());
        Assert.Equal((TimeSpan.FromMilliseconds(3001), Timeout.InfiniteTimeSpan), inner.Changes.Single());
    }

    [Fact]
    public void Zero_and_infinite_are_kept_and_tiny_due_times_round_up_so_nothing_fires_early()
    {
        var clock = new ScaledTimeProvider(Start, speed: 7, new SteppedClock());

        Assert.Equal(TimeSpan.Zero, clock.ScaleDown(TimeSpan.Zero));
        Assert.Equal(Timeout.InfiniteTimeSpan, clock.ScaleDown(Timeout.InfiniteTimeSpan));
        Assert.Equal(TimeSpan.FromMilliseconds(2), clock.ScaleDown(TimeSpan.FromTicks(1)));
        Assert.Equal(TimeSpan.FromMilliseconds(2), clock.ScaleDown(TimeSpan.FromMilliseconds(7)));
        Assert.Equal(TimeSpan.FromMilliseconds(3), clock.ScaleDown(TimeSpan.FromMilliseconds(7.1)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Speed_must_be_positive_and_finite(double speed)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScaledTimeProvider(Start, speed));
    }

    [Fact]
    public async Task A_simulated_quarter_hour_delay_on_the_system_clock_takes_a_second_and_a_half_and_never_ends_early()
    {
        var clock = new ScaledTimeProvider(Start, speed: 600);
        var watch = Stopwatch.StartNew();

        await Task.Delay(TimeSpan.FromMinutes(15), clock);

        Assert.True(clock.GetUtcNow() >= Start.AddMinutes(15), $"woke at {clock.GetUtcNow():O}");
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1.45), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Cancel_after_uses_simulated_time()
    {
        var clock = new ScaledTimeProvider(Start, speed: 6000);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(10), clock);
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.Delay(Timeout.Infinite, cancellation.Token));

        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(90), TimeSpan.FromSeconds(4));
    }

    /// <summary>Monotonic timestamps moved by hand, recording the timers asked of it.</summary>
    private sealed class SteppedClock : TimeProvider
    {
        private long _timestamp = 1_000_000;

        public List<(TimeSpan Due, TimeSpan Period)> Created { get; } = [];

        public List<(TimeSpan Due, TimeSpan Period)> Changes { get; } = [];

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _timestamp;

        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UnixEpoch.AddTicks(_timestamp);

        public void Advance(TimeSpan by) => _timestamp += by.Ticks;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Created.Add((dueTime, period));
            return new RecordingTimer(Changes);
        }

        private sealed class RecordingTimer(List<(TimeSpan, TimeSpan)> changes) : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period)
            {
                changes.Add((dueTime, period));
                return true;
            }

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
