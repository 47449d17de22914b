using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using Portal.Contracts.Control;
using Portal.Modbus;
using Portal.Modbus.Meters;
using Portal.Simulator;

namespace Portal.Tests.Simulator;

/// <summary>The simulated WP8024 relay module (PROTOCOLS.md section 2) through libmodbus over Modbus TCP.</summary>
public sealed class Wp8024SimulatorTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(500);

    [Fact]
    public void Relays_switch_with_FC05_and_FC0F_and_read_back_with_FC01()
    {
        using var site = Site(out var simulation);
        using var connection = Connect(site);

        connection.WriteCoil(10, 2, on: true);
        var afterOne = connection.ReadCoils(10, 0, 4);
        connection.WriteCoils(10, 0, [true, true, false, true]);

        Assert.Equal([false, false, true, false], afterOne);
        Assert.Equal([true, true, false, true], connection.ReadCoils(10, 0, 4));
        Assert.Equal([true, true, false, true], simulation.RelayModule(0, 10)!.Coils);
        Assert.Equal([false, false, false, false], simulation.RelayModule(0, 11)!.Coils);
    }

    [Fact]
    public void Inputs_set_in_the_simulator_are_read_with_FC02()
    {
        using var site = Site(out var simulation);
        using var connection = Connect(site);
        simulation.RelayModule(0, 10)!.SetInput(0, true);
        simulation.RelayModule(0, 10)!.SetInput(7, true);

        Assert.Equal([true, false, false, false, false, false, false, true], connection.ReadDiscreteInputs(10, 0, 8));
    }

    [Fact]
    public void Addresses_beyond_the_four_relays_and_eight_inputs_answer_exception_2()
    {
        using var site = Site(out _);
        using var connection = Connect(site);

        Assert.Equal(ModbusExceptionCode.IllegalDataAddress, Assert.Throws<ModbusExceptionReply>(() => connection.ReadCoils(10, 0, 5)).Code);
        Assert.Equal(ModbusExceptionCode.IllegalDataAddress, Assert.Throws<ModbusExceptionReply>(() => connection.WriteCoil(10, 4, true)).Code);
        Assert.Equal(ModbusExceptionCode.IllegalDataAddress, Assert.Throws<ModbusExceptionReply>(() => connection.WriteCoils(10, 2, [true, true, true])).Code);
        Assert.Equal(ModbusExceptionCode.IllegalDataAddress, Assert.Throws<ModbusExceptionReply>(() => connection.ReadDiscreteInputs(10, 0, 9)).Code);
        // A meter has no coils; a relay module no meter registers.
        Assert.Equal(ModbusExceptionCode.IllegalDataAddress, Assert.Throws<ModbusExceptionReply>(() => connection.ReadCoils(1, 0, 1)).Code);
        Assert.Equal(ModbusExceptionCode.IllegalDataAddress, Assert.Throws<ModbusExceptionReply>(() => connection.ReadInputRegisters(10, 0, 2)).Code);
    }

    [Fact]
    public async Task FC05_with_a_value_other_than_FF00_or_0000_answers_exception_3_and_leaves_the_relay()
    {
        using var site = Site(out var simulation);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", site.TcpPortOf(0));
        var stream = tcp.GetStream();

        // MBAP (transaction 1, protocol 0, length 6, unit 10) + FC05 coil 0 value 0x1234.
        await stream.WriteAsync(new byte[] { 0, 1, 0, 0, 0, 6, 10, 0x05, 0, 0, 0x12, 0x34 });
        var reply = new byte[9];
        var read = 0;
        while (read < reply.Length)
        {
            read += await stream.ReadAsync(reply.AsMemory(read));
        }

        Assert.Equal(0x85, reply[7]);
        Assert.Equal(0x03, reply[8]);
        Assert.False(simulation.RelayModule(0, 10)!.Coils[0]);
    }

    [Fact]
    public async Task A_switched_on_relay_adds_its_load_to_the_grid_meter_on_its_phases()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 10, 23, 0, 0, TimeSpan.Zero));
        var simulation = new SiteSimulation(
            new SiteSimulationOptions
            {
                Meters = 3,
                RelayModules = [new SimulatedRelayModuleOptions(0, 10, [new(3000, [Phase.L1, Phase.L2, Phase.L3]), new(1000, [Phase.L2])])],
            },
            new SimulationClock(clock, clock.GetUtcNow(), 1));
        using var site = new SiteSimulatorHost(simulation);
        using var connection = Connect(site);
        var reader = new MeterReader(MeterModels.Sdm630);
        var transport = new LibModbusTransport(connection);

        var before = await reader.ReadAsync(transport, "grid", 1, clock, CancellationToken.None);
        connection.WriteCoils(10, 0, [true, true, false, false]);
        var after = await reader.ReadAsync(transport, "grid", 1, clock, CancellationToken.None);

        Assert.Equal(1000, after.ActivePower.L1!.Value - before.ActivePower.L1!.Value, 0.5);
        Assert.Equal(2000, after.ActivePower.L2!.Value - before.ActivePower.L2!.Value, 0.5);
        Assert.Equal(1000, after.ActivePower.L3!.Value - before.ActivePower.L3!.Value, 0.5);
    }

    [Fact]
    public void A_relay_module_on_a_meter_unit_id_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new SiteSimulation(
            new SiteSimulationOptions { Meters = 4, RelayModules = [new SimulatedRelayModuleOptions(0, 3, [])] },
            new SimulationClock(TimeProvider.System, DateTimeOffset.UtcNow, 1)));

        Assert.Contains("p0-u3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Command_line_adds_relay_modules_with_their_load_and_active_inputs()
    {
        var options = SimulatorCommandLine.Parse(["--relay-modules", "10,1:11", "--relay-load", "1500", "--relay-input", "0:10:0"]);

        Assert.Equal([(0, (byte)10), (1, (byte)11)], options.Site.RelayModules.Select(m => (m.Port, m.UnitId)));
        Assert.All(options.Site.RelayModules, m => Assert.All(m.Loads, l => Assert.Equal(1500, l.Watts)));
        Assert.Equal((new SimulatedMeterAddress(0, 10), 0), Assert.Single(options.ActiveRelayInputs));
        Assert.Throws<ArgumentException>(() => SimulatorCommandLine.Parse(["--relay-modules", "10", "--relay-input", "0:11:0"]));
        Assert.Throws<ArgumentException>(() => SimulatorCommandLine.Parse(["--relay-modules", "10", "--relay-input", "0:10:8"]));
    }

    private static SiteSimulatorHost Site(out SiteSimulation simulation)
    {
        simulation = new SiteSimulation(
            new SiteSimulationOptions
            {
                Meters = 4,
                RelayModules = [new SimulatedRelayModuleOptions(0, 10, []), new SimulatedRelayModuleOptions(0, 11, [])],
            },
            new SimulationClock(TimeProvider.System, new DateTimeOffset(2026, 6, 21, 12, 0, 0, TimeSpan.Zero), 1));
        return new SiteSimulatorHost(simulation);
    }

    private static ModbusConnection Connect(SiteSimulatorHost site) => new(new TcpEndpoint("127.0.0.1", site.TcpPortOf(0)), Timeout);
}
