using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Edge.Configuration;
using Portal.Edge.Polling;
using Portal.Tests.Support;

namespace Portal.Tests.Edge.Polling;

public sealed class BusPollerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(500);
    private static readonly TcpBusConfiguration Bus = new("bus-a", "127.0.0.1", 1502) { ResponseTimeout = Timeout };
    private static readonly PollingOptions Options = new()
    {
        Interval = TimeSpan.FromSeconds(10),
        Retries = 1,
        BackoffInitial = TimeSpan.FromSeconds(10),
        BackoffMax = TimeSpan.FromSeconds(80),
    };

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 6, 21, 10, 0, 0, TimeSpan.Zero));
    private readonly RecordingSink _sink = new();

    [Fact]
    public void Backoff_doubles_from_the_initial_delay_up_to_the_cap()
    {
        var policy = new BackoffPolicy(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5));

        Assert.Equal(TimeSpan.Zero, policy.DelayAfter(0));
        Assert.Equal(
            [10, 20, 40, 80, 160, 300, 300],
            Enumerable.Range(1, 7).Select(n => policy.DelayAfter(n).TotalSeconds).ToArray());
        Assert.Equal(TimeSpan.FromMinutes(5), policy.DelayAfter(10_000));
    }

    [Fact]
    public async Task One_dead_meter_does_not_stall_the_others_on_its_bus()
    {
        var bus = new FakeBus(_clock, Timeout);
        bus.Answering(1);
        bus.Silent(2);
        bus.Answering(3);
        var poller = Poller(bus, Meters(1, 2, 3));
        var longestCycle = TimeSpan.Zero;

        for (var cycle = 0; cycle < 30; cycle++)
        {
            var start = _clock.GetUtcNow();
            await poller.PollOnceAsync(CancellationToken.None);
            var spent = _clock.GetUtcNow() - start;
            longestCycle = spent > longestCycle ? spent : longestCycle;
            _clock.Advance(Options.Interval);
        }

        Assert.Equal(30, _sink.ReadingsOf("m1"));
        Assert.Equal(30, _sink.ReadingsOf("m3"));
        Assert.Equal(0, _sink.ReadingsOf("m2"));
        // First failure: one try plus one retry; afterwards single probes at 10, 20, 40, 80, 80 ... s.
        Assert.InRange(bus.RequestsTo(2), 5, 9);
        Assert.True(longestCycle <= Timeout * 2, $"a cycle took {longestCycle}");
        var health = _sink.Health.Where(h => h.MeterId == "m2").ToList();
        Assert.All(health, h => Assert.Equal(MeterHealthStatus.NotAnswering, h.Status));
        Assert.Equal(Enumerable.Range(1, health.Count), health.Select(h => h.ConsecutiveFailures));
        Assert.Equal(TimeSpan.FromSeconds(80), health[^1].NextAttempt - health[^1].At);
    }

    [Fact]
    public async Task Meter_that_answers_again_is_read_and_reported_recovered()
    {
        var bus = new FakeBus(_clock, Timeout);
        bus.Silent(1);
        var poller = Poller(bus, Meters(1));
        await poller.PollOnceAsync(CancellationToken.None);

        bus.Answering(1);
        _clock.Advance(TimeSpan.FromSeconds(5));
        await poller.PollOnceAsync(CancellationToken.None);
        Assert.Equal(0, _sink.ReadingsOf("m1"));

        _clock.Advance(TimeSpan.FromSeconds(10));
        await poller.PollOnceAsync(CancellationToken.None);

        Assert.Equal(1, _sink.ReadingsOf("m1"));
        Assert.Equal(MeterHealthStatus.Recovered, _sink.Health.Last().Status);
        Assert.Equal(0, poller.State.Single().ConsecutiveFailures);
    }

    [Fact]
    public async Task Exception_reply_is_not_retried_and_is_reported_as_refusing()
    {
        var bus = new FakeBus(_clock, Timeout);
        bus.Refusing(1);
        bus.Answering(2);
        var poller = Poller(bus, Meters(1, 2));

        await poller.PollOnceAsync(CancellationToken.None);

        Assert.Equal(1, bus.RequestsTo(1));
        var health = Assert.Single(_sink.Health);
        Assert.Equal(MeterHealthStatus.Refusing, health.Status);
        Assert.Contains("0x02", health.Error, StringComparison.Ordinal);
        Assert.Equal(1, _sink.ReadingsOf("m2"));
    }

    [Fact]
    public async Task Readings_carry_the_decoded_values_and_the_injected_time()
    {
        var bus = new FakeBus(_clock, Timeout);
        bus.Answering(1, volts: 231.5f);
        var poller = Poller(bus, Meters(1));

        await poller.PollOnceAsync(CancellationToken.None);

        var reading = Assert.Single(_sink.Readings);
        Assert.Equal(231.5, reading.Voltage.L1);
        Assert.Equal(1234.5m, reading.ImportEnergyKWh);
        Assert.Equal(_clock.GetUtcNow(), reading.ReadAt);
        Assert.Equal([(byte)1, (byte)1], bus.Requests.Select(r => r.Unit));
    }

    [Fact]
    public async Task A_sink_that_throws_does_not_cost_other_meters_their_turn()
    {
        var sink = new RecordingSink { ThrowOn = r => r.MeterId == "m1" };
        var bus = new FakeBus(_clock, Timeout);
        bus.Answering(1);
        bus.Answering(2);
        var poller = new BusPoller(Bus, Meters(1, 2), bus, sink, Options, _clock, NullLogger<BusPoller>.Instance);

        await poller.PollOnceAsync(CancellationToken.None);

        Assert.Equal(1, sink.ReadingsOf("m2"));
        Assert.Equal(0, poller.State[0].ConsecutiveFailures);
    }

    [Fact]
    public async Task Buses_are_polled_in_parallel_so_a_slow_bus_does_not_slow_another()
    {
        var slow = new FakeBus(null, Timeout) { Latency = TimeSpan.FromMilliseconds(150) };
        var fast = new FakeBus(null, Timeout);
        slow.Answering(1);
        fast.Answering(1);
        var configuration = new EdgeConfiguration(
            [new TcpBusConfiguration("slow", "127.0.0.1", 1), new TcpBusConfiguration("fast", "127.0.0.1", 2)],
            [new MeterConfiguration("s1", "SDM630", 1, "slow"), new MeterConfiguration("f1", "SDM630", 1, "fast")],
            new PollingOptions { Interval = TimeSpan.FromMilliseconds(20) });
        var service = new MeterPollingService(configuration, new Transports(slow, fast), _sink, TimeProvider.System, NullLoggerFactory.Instance);

        await service.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (_sink.ReadingsOf("s1") < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await service.StopAsync(CancellationToken.None);

        // A slow reading takes two requests of 150 ms; polled one after the other, the fast bus would keep pace with it.
        Assert.True(_sink.Health.IsEmpty, string.Join("; ", _sink.Health.Select(h => h.Error)));
        Assert.True(_sink.ReadingsOf("s1") >= 2);
        Assert.True(_sink.ReadingsOf("f1") >= 4 * _sink.ReadingsOf("s1"), $"fast bus read {_sink.ReadingsOf("f1")} times, slow {_sink.ReadingsOf("s1")}");
    }

    [Fact]
    public void Configuration_errors_are_all_listed_for_the_installer()
    {
        var configuration = new EdgeConfiguration(
            [new TcpBusConfiguration("a", "10.0.0.5"), new RtuBusConfiguration("a", "/dev/ttyUSB0")],
            [new MeterConfiguration("m1", "SDM999", 1, "a"), new MeterConfiguration("m2", "SDM630", 0, "b"), new MeterConfiguration("m3", "SDM630", 1, "a")],
            new PollingOptions());

        var errors = configuration.Validate();

        Assert.Contains(errors, e => e.Contains("Bus id 'a'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("SDM999", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("bus 'b'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("outside 1-247", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("share unit id 1", StringComparison.Ordinal));
    }

    private BusPoller Poller(FakeBus bus, IReadOnlyList<MeterConfiguration> meters) =>
        new(Bus, meters, bus, _sink, Options, _clock, NullLogger<BusPoller>.Instance);

    private static MeterConfiguration[] Meters(params byte[] units) =>
        [.. units.Select(u => new MeterConfiguration($"m{u}", "SDM630", u, Bus.Id))];

    private sealed class Transports(FakeBus slow, FakeBus fast) : IModbusTransportFactory
    {
        public Portal.Modbus.IModbusTransport Create(BusConfiguration bus) => bus.Id == "slow" ? slow : fast;
    }
}
