using System.Collections.Concurrent;
using Portal.Modbus;
using Portal.Modbus.Server;

namespace Portal.Simulator;

/// <summary>
/// One simulated RS-485-Ethernet converter: a libmodbus TCP server on 127.0.0.1 answering for every
/// meter and WP8024 relay module of one simulator port by unit id. A unit id with no meter behind it gets exception 0x0B
/// (gateway target failed to respond), as a converter in gateway mode answers when nothing replies
/// on its bus; a dead meter gets no answer at all, so the client sees its own timeout.
/// </summary>
public sealed class ModbusTcpSimulatorServer : IDisposable
{
    private readonly SiteSimulation _simulation;
    private readonly ModbusTcpServer _server;

    public ModbusTcpSimulatorServer(SiteSimulation simulation, int portIndex)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        _simulation = simulation;
        PortIndex = portIndex;
        _server = new ModbusTcpServer(Answer);
    }

    public int PortIndex { get; }

    /// <summary>When on, every request is appended to <see cref="Requests"/> in arrival order (tests prove bus order with it).</summary>
    public bool RecordRequests { get; set; }

    public ConcurrentQueue<ModbusRequest> Requests { get; } = new();

    public int TcpPort => _server.TcpPort;

    /// <summary>Binds 127.0.0.1:<paramref name="tcpPort"/> (0 = any free port).</summary>
    public void Start(int tcpPort = 0) => _server.Start(tcpPort);

    public void Dispose() => _server.Dispose();

    private ModbusServerAnswer Answer(ModbusRequest request)
    {
        if (RecordRequests)
        {
            Requests.Enqueue(request);
        }

        var unitId = request.UnitId;
        if (_simulation.RelayModule(PortIndex, unitId) is { } relayModule)
        {
            return relayModule.Answer();
        }

        var registers = _simulation.InputRegisters(PortIndex, unitId);
        if (registers is null)
        {
            return ModbusServerAnswer.Refuse(ModbusExceptionCode.GatewayTargetFailedToRespond);
        }

        return _simulation.Meter(PortIndex, unitId).Fault switch
        {
            MeterFault.Dead => ModbusServerAnswer.Silence,
            MeterFault.ExceptionReply => ModbusServerAnswer.Refuse(ModbusExceptionCode.ServerDeviceFailure),
            MeterFault.Garbled => ModbusServerAnswer.Garbled,
            _ => ModbusServerAnswer.FromTables(registers, HoldingRegisters(unitId)),
        };
    }

    /// <summary>SDM630 configuration parameters (PROTOCOLS.md 1.3) at their factory values.</summary>
    private static ushort[] HoldingRegisters(byte unitId)
    {
        var holding = new ushort[0x0020];
        RegisterWords.WriteFloat32(3f, holding, 0x000A); // 3P4W
        RegisterWords.WriteFloat32(0f, holding, 0x0012); // N-1
        RegisterWords.WriteFloat32(unitId, holding, 0x0014);
        RegisterWords.WriteFloat32(2f, holding, 0x001C); // 9600 baud
        return holding;
    }
}

/// <summary>All ports of a simulated site, started together: what tests and the executable host.</summary>
public sealed class SiteSimulatorHost : IDisposable
{
    private readonly List<ModbusTcpSimulatorServer> _servers = [];

    /// <summary>Starts one server per port; port p listens on <paramref name="firstTcpPort"/> + p, or on free ports when 0.</summary>
    public SiteSimulatorHost(SiteSimulation simulation, int firstTcpPort = 0)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        Simulation = simulation;
        try
        {
            for (var port = 0; port < simulation.Options.Ports; port++)
            {
                var server = new ModbusTcpSimulatorServer(simulation, port);
                _servers.Add(server);
                server.Start(firstTcpPort == 0 ? 0 : firstTcpPort + port);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public SiteSimulation Simulation { get; }

    public IReadOnlyList<ModbusTcpSimulatorServer> Servers => _servers;

    public int TcpPortOf(int port) => _servers[port].TcpPort;

    public void Dispose()
    {
        foreach (var server in _servers)
        {
            server.Dispose();
        }
    }
}
