using Portal.Contracts.Control;
using Portal.Simulator;
using Portal.Simulator.Ocpp;

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
    public void Command_line_reads_a_cloudy_sky_and_a_power_per_relay_whose_last_value_repeats()
    {
        var options = SimulatorCommandLine.Parse(["--relay-modules", "10,0:11", "--relay-load", "3000,1500,500", "--sky", "cloudy"]);

        Assert.Equal(Sky.Cloudy, options.Site.Sky);
        Assert.All(options.Site.RelayModules, m => Assert.Equal([3000.0, 1500, 500, 500], m.Loads.Select(l => l.Watts)));
        Assert.All(options.Site.RelayModules.SelectMany(m => m.Loads), l => Assert.Equal([Phase.L1, Phase.L2, Phase.L3], l.Phases));

        var plain = SimulatorCommandLine.Parse(["--relay-modules", "10", "--relay-load", "2500"]);
        Assert.Equal(Sky.Clear, plain.Site.Sky);
        Assert.Equal([2500.0, 2500, 2500, 2500], plain.Site.RelayModules[0].Loads.Select(l => l.Watts));
    }

    [Theory]
    [InlineData("--sky", "foggy")]
    [InlineData("--relay-load", "1000,0")]
    [InlineData("--relay-load", "1,2,3,4,5")]
    public void Command_line_rejects_an_unknown_sky_and_impossible_relay_loads(params string[] args)
    {
        Assert.Throws<ArgumentException>(() => SimulatorCommandLine.Parse(args));
    }

    [Fact]
    public void Command_line_reads_OCPP_charge_points_their_phase_mapping_and_car_visits()
    {
        var options = SimulatorCommandLine.Parse([
            "--ocpp", "ws://127.0.0.1:8887/ocpp", "--chargers", "cp-1:3:L1L2L3:16,cp-2:1:L2:10",
            "--cars", "cp-1@17:30-07:00:30kWh,cp-2@08:15:7.5kWh", "--meter-values", "15"]);

        Assert.Equal(new Uri("ws://127.0.0.1:8887/ocpp"), options.Ocpp);
        Assert.Equal([("cp-1", 3, "L1L2L3", 16.0), ("cp-2", 1, "L2", 10.0)],
            options.Chargers.Select(c => (c.Id, c.Phases, string.Join("", c.PhaseMapping), c.CarMaxAmps)));
        Assert.Equal([Phase.L2], options.Chargers[1].PhaseMapping);
        Assert.Equal(new CarSchedule("cp-1", new TimeOnly(17, 30), new TimeOnly(7, 0), 30_000), options.Cars[0]);
        Assert.Equal(new CarSchedule("cp-2", new TimeOnly(8, 15), null, 7_500), options.Cars[1]);
        Assert.Equal(TimeSpan.FromSeconds(15), options.MeterValuesInterval);
        Assert.Equal(new CarSchedule("cp-1", new TimeOnly(6, 0), new TimeOnly(22, 0), null),
            SimulatorCommandLine.Parse(["--ocpp", "ws://h/ocpp", "--chargers", "cp-1:1:L3:16", "--cars", "cp-1@06:00-22:00"]).Cars[0]);
    }

    [Theory]
    [InlineData("--chargers", "cp-1:3:L1L2L3:16")]
    [InlineData("--ocpp", "ws://127.0.0.1:8887/ocpp")]
    [InlineData("--ocpp", "http://127.0.0.1:8887/ocpp", "--chargers", "cp-1:3:L1L2L3:16")]
    [InlineData("--ocpp", "ws://h/ocpp", "--chargers", "cp-1:2:L1L2:16")]
    [InlineData("--ocpp", "ws://h/ocpp", "--chargers", "cp-1:3:L1L2:16")]
    [InlineData("--ocpp", "ws://h/ocpp", "--chargers", "cp-1:3:L1L1L2:16")]
    [InlineData("--ocpp", "ws://h/ocpp", "--chargers", "cp-1:1:L4:16")]
    [InlineData("--ocpp", "ws://h/ocpp", "--chargers", "cp-1:1:L2:3")]
    [InlineData("--ocpp", "ws://h/ocpp", "--chargers", "cp-1:1:L2")]
    [InlineData("--ocpp", "ws://h/ocpp", "--chargers", "cp-1:1:L2:16,cp-1:1:L3:16")]
    [InlineData("--ocpp", "ws://h/ocpp", "--chargers", "cp-1:1:L2:16", "--cars", "cp-9@17:30")]
    [InlineData("--ocpp", "ws://h/ocpp", "--chargers", "cp-1:1:L2:16", "--cars", "cp-1@25:00")]
    [InlineData("--ocpp", "ws://h/ocpp", "--chargers", "cp-1:1:L2:16", "--cars", "cp-1@17:30-17:30")]
    [InlineData("--ocpp", "ws://h/ocpp", "--chargers", "cp-1:1:L2:16", "--cars", "cp-1@17:30:0kWh")]
    [InlineData("--ocpp", "ws://h/ocpp", "--chargers", "cp-1:1:L2:16", "--cars", "cp-1@17:30,cp-1@20:00")]
    [InlineData("--ocpp", "ws://h/ocpp", "--chargers", "cp-1:1:L2:16", "--cars", "17:30")]
    public void Command_line_rejects_charge_points_it_cannot_run(params string[] args)
    {
        var error = Assert.Throws<ArgumentException>(() => SimulatorCommandLine.Parse(args));

        Assert.StartsWith("--", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_car_visit_across_midnight_is_found_on_both_days_and_none_outside_it()
    {
        var visit = new CarSchedule("cp-1", new TimeOnly(17, 30), new TimeOnly(7, 0), null);
        var offset = TimeSpan.FromHours(1);

        Assert.Equal(new DateTimeOffset(2026, 1, 10, 17, 30, 0, offset), visit.ArrivalFor(new DateTimeOffset(2026, 1, 11, 6, 59, 0, offset)));
        Assert.Equal(new DateTimeOffset(2026, 1, 11, 7, 0, 0, offset), visit.DepartureAfter(new DateTimeOffset(2026, 1, 10, 17, 30, 0, offset)));
        Assert.Null(visit.ArrivalFor(new DateTimeOffset(2026, 1, 11, 7, 0, 0, offset)));
        Assert.Null(visit.ArrivalFor(new DateTimeOffset(2026, 1, 11, 17, 29, 0, offset)));
        Assert.Equal(new DateTimeOffset(2026, 1, 11, 17, 30, 0, offset), visit.ArrivalFor(new DateTimeOffset(2026, 1, 11, 17, 30, 0, offset)));
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
