using System.Diagnostics;
using System.Globalization;
using Portal.Modbus;
using Portal.Modbus.Meters;

namespace Portal.Tests.Modbus;

/// <summary>Our libmodbus client against an independent implementation (pymodbus) on loopback.</summary>
public sealed class PymodbusPeerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task Client_reads_SDM630_floats_high_word_first_from_pymodbus()
    {
        var (peer, ready) = await ExternalProcess.StartPeerAsync("tcp");
        using var _ = peer;
        using var connection = new ModbusConnection(new TcpEndpoint("127.0.0.1", PortOf(ready)), Timeout);

        var raw = connection.ReadInputRegisters(1, 0x0000, 2);
        var reading = await new MeterReader(MeterModels.Sdm630).ReadAsync(new LibModbusTransport(connection), "peer-1", 1, TimeProvider.System, CancellationToken.None);

        Assert.Equal([(ushort)0x4366, (ushort)0x0000], raw);
        Assert.Equal(new PhaseValues<double?>(230.0, 231.5, 229.25), reading.Voltage);
        Assert.Equal(-1500.5, reading.ActivePower.L2);
        Assert.Equal(-178.0, reading.ActivePowerTotal);
        Assert.Equal(12345.678m, reading.ImportEnergyKWh);
        Assert.Equal(42.5m, reading.ExportEnergyKWh);
        Assert.Equal(4245.428m, reading.ImportEnergyKWhPerPhase.L3);
        Assert.Equal(30.5m, reading.ExportEnergyKWhPerPhase.L2);
    }

    [Fact]
    public async Task Exception_reply_from_pymodbus_surfaces_as_ModbusExceptionReply_with_its_code()
    {
        var (peer, ready) = await ExternalProcess.StartPeerAsync("tcp");
        using var _ = peer;
        using var connection = new ModbusConnection(new TcpEndpoint("127.0.0.1", PortOf(ready)), Timeout);

        var error = Assert.Throws<ModbusExceptionReply>(() => connection.ReadInputRegisters(1, 0x0200, 2));

        Assert.Equal(ModbusExceptionCode.IllegalDataAddress, error.Code);
        Assert.Equal(1, error.UnitId);
        Assert.Equal(230.0f, RegisterWords.ToFloat32(connection.ReadInputRegisters(1, 0, 2)));
    }

    [Fact]
    public async Task Unit_that_never_answers_times_out_within_the_configured_timeout()
    {
        var (peer, ready) = await ExternalProcess.StartPeerAsync("tcp");
        using var _ = peer;
        using var connection = new ModbusConnection(new TcpEndpoint("127.0.0.1", PortOf(ready)), Timeout);
        connection.Connect();

        var clock = Stopwatch.StartNew();
        Assert.Throws<ModbusTimeoutException>(() => connection.ReadInputRegisters(9, 0x0000, 2));
        clock.Stop();

        Assert.InRange(clock.Elapsed, Timeout - TimeSpan.FromMilliseconds(20), Timeout + TimeSpan.FromMilliseconds(400));
        // The same link still serves the meter that is there.
        Assert.Equal(230.0f, RegisterWords.ToFloat32(connection.ReadInputRegisters(1, 0, 2)));
    }

    [Fact]
    public async Task Holding_registers_and_coils_round_trip_through_pymodbus()
    {
        var (peer, ready) = await ExternalProcess.StartPeerAsync("tcp");
        using var _ = peer;
        using var connection = new ModbusConnection(new TcpEndpoint("127.0.0.1", PortOf(ready)), Timeout);
        var value = new ushort[2];
        RegisterWords.WriteFloat32(3f, value);

        connection.WriteRegisters(1, 0x000A, value);
        connection.WriteRegister(1, 0x0020, 0xBEEF);
        connection.WriteCoil(1, 2, on: true);

        Assert.Equal(3f, RegisterWords.ToFloat32(connection.ReadHoldingRegisters(1, 0x000A, 2)));
        Assert.Equal([(ushort)0xBEEF], connection.ReadHoldingRegisters(1, 0x0020, 1));
        Assert.Equal([false, false, true, false], connection.ReadCoils(1, 0, 4));
    }

    [Theory]
    [InlineData("::1")]
    [InlineData("[::1]")]
    public async Task Client_reads_a_converter_on_an_IPv6_address(string host)
    {
        var (peer, ready) = await ExternalProcess.StartPeerAsync("tcp6");
        using var _ = peer;
        using var connection = new ModbusConnection(new TcpEndpoint(host, PortOf(ready)), Timeout);

        Assert.Equal(230.0f, RegisterWords.ToFloat32(connection.ReadInputRegisters(1, 0x0000, 2)));
    }

    [Fact]
    public async Task Client_reaches_a_converter_by_host_name()
    {
        var (peer, ready) = await ExternalProcess.StartPeerAsync("tcp");
        using var _ = peer;
        using var connection = new ModbusConnection(new TcpEndpoint("localhost", PortOf(ready)), Timeout);

        Assert.Equal(230.0f, RegisterWords.ToFloat32(connection.ReadInputRegisters(1, 0x0000, 2)));
    }

    [Fact]
    public void Refused_connection_is_a_transport_error()
    {
        using var connection = new ModbusConnection(new TcpEndpoint("127.0.0.1", FreeLoopbackPort()), Timeout);

        var error = Assert.Throws<ModbusTransportException>(() => connection.ReadInputRegisters(1, 0, 2));

        Assert.Contains("Cannot connect", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RTU_client_reads_pymodbus_over_a_pseudo_terminal_pair()
    {
        var (pair, serverSide, clientSide) = await ExternalProcess.StartPseudoTerminalPairAsync();
        using var _ = pair;
        var (peer, _) = await ExternalProcess.StartPeerAsync("rtu", serverSide);
        using var __ = peer;
        using var connection = new ModbusConnection(new RtuEndpoint(clientSide, 9600, SerialParity.None, 8, 1), TimeSpan.FromSeconds(1));

        var reading = await new MeterReader(MeterModels.Sdm630).ReadAsync(new LibModbusTransport(connection), "rtu-1", 1, TimeProvider.System, CancellationToken.None);
        var error = Assert.Throws<ModbusExceptionReply>(() => connection.ReadInputRegisters(1, 0x0200, 2));

        Assert.Equal(230.0, reading.Voltage.L1);
        Assert.Equal(49.98, reading.Frequency!.Value, 4);
        Assert.Equal(12345.678m, reading.ImportEnergyKWh);
        Assert.Equal(ModbusExceptionCode.IllegalDataAddress, error.Code);
        Assert.Throws<ModbusTimeoutException>(() => connection.ReadInputRegisters(9, 0, 2));
    }

    [Fact]
    public async Task RS485_mode_on_a_device_without_it_is_reported_not_ignored()
    {
        var (pair, _, clientSide) = await ExternalProcess.StartPseudoTerminalPairAsync();
        using var _ = pair;
        using var connection = new ModbusConnection(new RtuEndpoint(clientSide, Rs485: true), TimeSpan.FromMilliseconds(200));

        var error = Assert.Throws<ModbusTransportException>(connection.Connect);

        Assert.Contains("RS-485", error.Message, StringComparison.Ordinal);
    }

    private static int PortOf(string readyLine) => int.Parse(readyLine.Split(' ')[1], CultureInfo.InvariantCulture);

    internal static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
