using Microsoft.Extensions.Logging.Abstractions;
using Portal.Edge.Configuration;
using Portal.Edge.Polling;
using Portal.Simulator;

namespace Portal.Tests.Edge.Polling;

/// <summary>The real poller and libmodbus transport against the simulator, with misbehaving meters on the bus.</summary>
public sealed class SimulatorPollingTests
{
    private static readonly string[] HealthyMeters = ["m1", "m5", "m6"];

    [Fact]
    public async Task Poller_keeps_reading_healthy_meters_next_to_dead_failing_and_garbled_ones()
    {
        var simulation = new SiteSimulation(
            new SiteSimulationOptions { Ports = 1, Meters = 6, Seed = 3 },
            new SimulationClock(TimeProvider.System, new DateTimeOffset(2026, 6, 21, 12, 0, 0, TimeSpan.FromHours(1)), speed: 60));
        simulation.Meter(0, 2).Fault = MeterFault.Dead;
        simulation.Meter(0, 3).Fault = MeterFault.ExceptionReply;
        simulation.Meter(0, 4).Fault = MeterFault.Garbled;
        using var host = new SiteSimulatorHost(simulation);
        var bus = new TcpBusConfiguration("converter-0", "127.0.0.1", host.TcpPortOf(0)) { ResponseTimeout = TimeSpan.FromMilliseconds(150) };
        var meters = Enumerable.Range(1, 6).Select(u => new MeterConfiguration($"m{u}", "SDM630", (byte)u, bus.Id)).ToList();
        var options = new PollingOptions
        {
            Interval = TimeSpan.FromMilliseconds(100),
            Retries = 1,
            BackoffInitial = TimeSpan.FromMilliseconds(200),
            BackoffMax = TimeSpan.FromSeconds(1),
        };
        var sink = new RecordingSink();
        var service = new MeterPollingService(
            new EdgeConfiguration([bus], meters, options), new LibModbusTransportFactory(), sink, TimeProvider.System, NullLoggerFactory.Instance);

        await service.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (HealthyMeters.Any(healthy => sink.ReadingsOf(healthy) < 5) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await service.StopAsync(CancellationToken.None);

        foreach (var healthy in HealthyMeters)
        {
            Assert.True(sink.ReadingsOf(healthy) >= 5, $"{healthy} read {sink.ReadingsOf(healthy)} times");
        }

        Assert.Equal(0, sink.ReadingsOf("m2") + sink.ReadingsOf("m3") + sink.ReadingsOf("m4"));
        Assert.Contains(sink.Health, h => h.MeterId == "m2" && h.Status == MeterHealthStatus.NotAnswering && h.Error!.Contains("did not answer", StringComparison.Ordinal));
        Assert.Contains(sink.Health, h => h.MeterId == "m3" && h.Status == MeterHealthStatus.Refusing);
        Assert.Contains(sink.Health, h => h.MeterId == "m4" && h.Status == MeterHealthStatus.NotAnswering);
        var grid = sink.Readings.Where(r => r.MeterId == "m1").ToList();
        Assert.True(grid[^1].ImportEnergyKWh >= grid[0].ImportEnergyKWh);
    }
}
