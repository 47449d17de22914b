using Portal.Simulator;

namespace Portal.Tests.Simulator;

public sealed class SimulatorCommandLineTests
{
    [Fact]
    public void Command_line_reads_ports_meters_speed_and_faulty_meters()
    {
        var options = SimulatorCommandLine.Parse(["--port", "1502", "--ports", "3", "--meters", "32", "--speed", "60", "--dead", "0:3", "--garbled", "1:2", "--reversed", "2:1"]);

        Assert.Equal(1502, options.FirstTcpPort);
        Assert.Equal(3, options.Site.Ports);
        Assert.Equal(32, options.Site.Meters);
        Assert.Equal(60, options.Speed);
        Assert.Equal([(new SimulatedMeterAddress(0, 3), MeterFault.Dead), (new SimulatedMeterAddress(1, 2), MeterFault.Garbled)], options.Faults);
        Assert.Equal([new SimulatedMeterAddress(2, 1)], options.Reversed);
    }

    [Theory]
    [InlineData("--meters")]
    [InlineData("--speed", "fast")]
    [InlineData("--dead", "3")]
    [InlineData("--colour", "red")]
    public void Command_line_rejects_what_it_cannot_run(params string[] args)
    {
        Assert.Throws<ArgumentException>(() => SimulatorCommandLine.Parse(args));
    }

    [Fact]
    public void Site_refuses_more_meters_per_segment_than_RS485_allows()
    {
        var clock = new SimulationClock(TimeProvider.System, DateTimeOffset.UnixEpoch, 1);

        var error = Assert.Throws<ArgumentException>(() => new SiteSimulation(new SiteSimulationOptions { Ports = 1, Meters = 40 }, clock));

        Assert.Contains("31", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Site_takes_32_meters_per_segment_only_when_asked()
    {
        var clock = new SimulationClock(TimeProvider.System, DateTimeOffset.UnixEpoch, 1);
        var full = new SiteSimulationOptions { Ports = 2, Meters = 64 };

        Assert.Throws<ArgumentException>(() => new SiteSimulation(full, clock));
        var simulation = new SiteSimulation(full with { AllowThirtyTwoMetersPerPort = true }, clock);
        var error = Assert.Throws<ArgumentException>(() => new SiteSimulation(full with { Meters = 66, AllowThirtyTwoMetersPerPort = true }, clock));

        Assert.Equal(Enumerable.Range(1, 32).Select(u => (byte)u), simulation.MetersOnPort(1).Select(m => m.Address.UnitId));
        Assert.Contains("32", error.Message, StringComparison.Ordinal);
    }
}
