using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Portal.Edge.Hosting;

namespace Portal.Tests.Edge.Hosting;

public sealed class ScaledTimeProviderTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 21, 3, 50, 0, TimeSpan.Zero);

    [Fact]
    public void Now_starts_at_the_start_instant_and_runs_speed_times_faster()
    {
        var inner = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var clock = new ScaledTimeProvider(Start, speed: 600, inner);

        var stamp = clock.GetTimestamp();
        Assert.Equal(Start, clock.GetUtcNow());

        inner.Advance(TimeSpan.FromSeconds(1.5));

        Assert.Equal(Start.AddMinutes(15), clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromMinutes(15), clock.GetElapsedTime(stamp));
    }

    [Fact]
    public void Timers_fire_after_their_due_time_divided_by_the_speed_plus_a_millisecond_and_repeat_at_the_scaled_period()
    {
        var inner = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var clock = new ScaledTimeProvider(Start, speed: 600, inner);
        var fired = 0;

        using var timer = clock.CreateTimer(_ => Interlocked.Increment(ref fired), null, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(1));
        inner.Advance(TimeSpan.FromMilliseconds(1500));
        var atDueTime = fired;
        // One millisecond on top: system timers may fire up to a millisecond early by the monotonic clock.
        inner.Advance(TimeSpan.FromMilliseconds(1));
        var justAfter = fired;
        inner.Advance(TimeSpan.FromMilliseconds(101));
        var afterOnePeriod = fired;

        Assert.Equal((0, 1, 2), (atDueTime, justAfter, afterOnePeriod));
    }

    [Fact]
    public void Changing_a_timer_scales_its_new_due_time()
    {
        var inner = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var clock = new ScaledTimeProvider(Start, speed: 600, inner);
        var fired = 0;
        using var timer = clock.CreateTimer(_ => Interlocked.Increment(ref fired), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        timer.Change(TimeSpan.FromMinutes(30), Timeout.InfiniteTimeSpan);
        inner.Advance(TimeSpan.FromMilliseconds(3000));
        var before = fired;
        inner.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal((0, 1), (before, fired));
    }

    [Fact]
    public void Zero_and_infinite_are_kept_and_tiny_due_times_round_up_so_nothing_fires_early()
    {
        var clock = new ScaledTimeProvider(Start, speed: 7, new FakeTimeProvider());

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
}
