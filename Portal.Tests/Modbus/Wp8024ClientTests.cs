using Portal.Modbus;
using Portal.Modbus.Relays;
using Portal.Simulator;

namespace Portal.Tests.Modbus;

/// <summary>The WP8024 client (PROTOCOLS.md section 2) against our simulator and against pymodbus, over Modbus TCP.</summary>
public sealed class Wp8024ClientTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task Client_switches_one_relay_then_all_four_and_reads_relays_and_inputs_from_the_simulator()
    {
        var simulation = new SiteSimulation(
            new SiteSimulationOptions { Meters = 3, RelayModules = [new SimulatedRelayModuleOptions(0, 20, [])] },
            new SimulationClock(TimeProvider.System, DateTimeOffset.UtcNow, 1));
        using var site = new SiteSimulatorHost(simulation);
        using var connection = new ModbusConnection(new TcpEndpoint("127.0.0.1", site.TcpPortOf(0)), Timeout);
        var transport = new LibModbusTransport(connection);
        simulation.RelayModule(0, 20)!.SetInput(2, true);

        await Wp8024Client.SetRelayAsync(transport, 20, 3, on: true, CancellationToken.None);
        var afterOne = await Wp8024Client.ReadRelaysAsync(transport, 20, CancellationToken.None);
        await Wp8024Client.SetAllRelaysAsync(transport, 20, [true, false, true, false], CancellationToken.None);

        var relays = await Wp8024Client.ReadRelaysAsync(transport, 20, CancellationToken.None);
        var inputs = await Wp8024Client.ReadInputsAsync(transport, 20, CancellationToken.None);

        Assert.Equal([false, false, false, true], afterOne);
        Assert.Equal([true, false, true, false], relays);
        Assert.Equal([false, false, true, false, false, false, false, false], inputs);
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = Wp8024Client.SetRelayAsync(transport, 20, 4, true, CancellationToken.None); });
    }

    [Fact]
    public async Task Client_writes_and_reads_coils_and_discrete_inputs_of_pymodbus()
    {
        var (peer, ready) = await ExternalProcess.StartPeerAsync("tcp");
        using var _ = peer;
        using var connection = new ModbusConnection(new TcpEndpoint("127.0.0.1", int.Parse(ready.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture)), Timeout);
        var transport = new LibModbusTransport(connection);

        await Wp8024Client.SetAllRelaysAsync(transport, 1, [false, true, true, false], CancellationToken.None);
        await Wp8024Client.SetRelayAsync(transport, 1, 0, on: true, CancellationToken.None);

        var relays = await Wp8024Client.ReadRelaysAsync(transport, 1, CancellationToken.None);
        var inputs = await Wp8024Client.ReadInputsAsync(transport, 1, CancellationToken.None);

        Assert.Equal([true, true, true, false], relays);
        Assert.Equal([true, false, false, false, false, false, false, true], inputs);
    }
}
