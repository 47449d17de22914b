using Microsoft.Extensions.Logging.Abstractions;
using Portal.Edge.Configuration;
using Portal.Edge.Polling;
using Portal.Edge.Relays;
using Portal.Modbus;
using Portal.Modbus.Server;
using Portal.Simulator;
using Portal.Tests.Edge.Polling;

namespace Portal.Tests.Edge.Relays;

/// <summary>
/// Relay modules sharing a bus with meters (issue 11 item 5): the edge's bus loop and relay driver over libmodbus
/// against the simulator's WP8024, with the simulator's request log as the witness of the order on the wire.
/// </summary>
public sealed class RelayModuleBusTests : IDisposable
{
    private const byte RelayUnit = 10;
    private readonly SiteSimulation _simulation;
    private readonly SiteSimulatorHost _site;
    private readonly TcpBusConfiguration _bus;
    private readonly RecordingSink _sink = new();
    private readonly RelayModuleDriver _driver = new(TimeProvider.System, NullLogger<RelayModuleDriver>.Instance);

    public RelayModuleBusTests()
    {
        _simulation = new SiteSimulation(
            new SiteSimulationOptions { Meters = 4, RelayModules = [new SimulatedRelayModuleOptions(0, RelayUnit, [])] },
            new SimulationClock(TimeProvider.System, new DateTimeOffset(2026, 6, 21, 12, 0, 0, TimeSpan.Zero), 1));
        _site = new SiteSimulatorHost(_simulation);
        _site.Servers[0].RecordRequests = true;
        _bus = new TcpBusConfiguration("bus-0", "127.0.0.1", _site.TcpPortOf(0)) { ResponseTimeout = TimeSpan.FromMilliseconds(150) };
    }

    private ModbusTcpSimulatorServer Server => _site.Servers[0];

    private SimulatedRelayModule Module => _simulation.RelayModule(0, RelayUnit)!;

    [Fact]
    public async Task A_write_issued_while_the_bus_reads_a_meter_goes_out_before_the_next_meter_read()
    {
        _driver.Configure([new RelayModuleConfiguration("relays", "WP8024", RelayUnit, _bus.Id)]);
        Task<RelayWriteResult>? write = null;
        using var transport = new InterceptingTransport(Connect(), (unit, function) =>
        {
            // The control cycle decides while the bus is busy with meter 1.
            if (unit == 1 && function == 0x04 && write is null)
            {
                write = _driver.SetRelayAsync("relays", 1, on: true, CancellationToken.None);
            }
        });
        var poller = Poller(transport, 4);

        await poller.PollOnceAsync(CancellationToken.None);

        var log = Server.Requests.ToList();
        var switched = log.FindIndex(r => r is { UnitId: RelayUnit, FunctionCode: 0x05, Address: 1 });
        Assert.True(switched > log.FindLastIndex(r => r.UnitId == 1), Describe(log));
        Assert.True(switched < log.FindIndex(r => r.UnitId == 2), Describe(log));
        Assert.True((await write!).Written);
        Assert.Equal([false, true, false, false], Module.Coils);
        Assert.Equal(4, _sink.Readings.Select(r => r.MeterId).Distinct().Count());
    }

    [Fact]
    public async Task A_write_queued_while_the_bus_idles_goes_out_at_once_not_at_the_next_cycle()
    {
        _driver.Configure([new RelayModuleConfiguration("relays", "WP8024", RelayUnit, _bus.Id)]);
        using var transport = new LibModbusTransport(Connect());
        var poller = Poller(transport, 2, TimeSpan.FromMinutes(5));
        using var stop = new CancellationTokenSource();
        var loop = poller.RunAsync(stop.Token);
        await WaitUntilAsync(() => _sink.Readings.Count >= 2);

        var result = await _driver.SetRelayAsync("relays", 3, on: true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(3));
        await stop.CancelAsync();
        await loop;

        Assert.True(result.Written, result.Error);
        Assert.Equal([false, false, false, true], Module.Coils);
    }

    [Fact]
    public async Task Relays_and_inputs_are_read_back_every_cycle_with_when_they_were_read()
    {
        _driver.Configure([new RelayModuleConfiguration("relays", "WP8024", RelayUnit, _bus.Id)]);
        using var transport = new LibModbusTransport(Connect());
        var poller = Poller(transport, 2);
        await poller.PollOnceAsync(CancellationToken.None);
        var first = _driver.StateOf("relays")!;

        Module.SetInput(0, true);
        Module.SetInput(5, true);
        var setAll = _driver.SetAllRelaysAsync("relays", [true, false, false, true], CancellationToken.None);
        await poller.PollOnceAsync(CancellationToken.None);
        var second = _driver.StateOf("relays")!;

        Assert.Equal(RelayModuleHealth.Answering, first.Health);
        Assert.Equal([false, false, false, false], first.Relays);
        Assert.Equal([false, false, false, false, false, false, false, false], first.Inputs);
        Assert.True((await setAll).Written);
        Assert.Contains(Server.Requests, r => r is { UnitId: RelayUnit, FunctionCode: 0x0F });
        Assert.Equal([true, false, false, true], second.Relays);
        Assert.Equal([true, false, false, false, false, true, false, false], second.Inputs);
        Assert.True(second.ReadAt > first.ReadAt);
        Assert.Empty(second.PendingWrites);
    }

    [Fact]
    public async Task A_module_that_does_not_answer_is_reported_and_its_write_is_retried_each_cycle_until_it_goes_out()
    {
        _driver.Configure([new RelayModuleConfiguration("relays", "WP8024", RelayUnit, _bus.Id)]);
        using var transport = new LibModbusTransport(Connect());
        var poller = Poller(transport, 2);
        Module.Dead = true;

        var write = _driver.SetRelayAsync("relays", 0, on: true, CancellationToken.None);
        await poller.PollOnceAsync(CancellationToken.None);
        var failed = await write;
        var afterOne = _driver.StateOf("relays")!;
        await poller.PollOnceAsync(CancellationToken.None);
        var afterTwo = _driver.StateOf("relays")!;
        Module.Dead = false;
        await poller.PollOnceAsync(CancellationToken.None);
        var recovered = _driver.StateOf("relays")!;

        Assert.False(failed.Written);
        Assert.Contains("did not answer", failed.Error, StringComparison.Ordinal);
        Assert.Equal(RelayModuleHealth.NotAnswering, afterOne.Health);
        Assert.Null(afterOne.Inputs);
        Assert.Equal(1, Assert.Single(afterOne.PendingWrites).Attempts);
        Assert.Equal(2, Assert.Single(afterTwo.PendingWrites).Attempts);
        Assert.Contains("did not answer", afterTwo.PendingWrites[0].LastError, StringComparison.Ordinal);
        Assert.Equal(RelayModuleHealth.Answering, recovered.Health);
        Assert.Empty(recovered.PendingWrites);
        Assert.Equal([true, false, false, false], Module.Coils);
        // The meters were read all along: a dead module does not cost them their turn.
        Assert.True(_sink.ReadingsOf("m1") >= 3);
    }

    [Fact]
    public async Task A_Modbus_exception_on_a_write_is_reported_with_its_code_and_reason()
    {
        // Nothing at unit 30: the converter answers 0x0B (gateway target failed to respond).
        _driver.Configure([new RelayModuleConfiguration("ghost", "WP8024", 30, _bus.Id)]);
        using var transport = new LibModbusTransport(Connect());
        var poller = Poller(transport, 1);

        var write = _driver.SetRelayAsync("ghost", 2, on: true, CancellationToken.None);
        await poller.PollOnceAsync(CancellationToken.None);
        var result = await write;
        var state = _driver.StateOf("ghost")!;

        Assert.False(result.Written);
        Assert.Equal(ModbusExceptionCode.GatewayTargetFailedToRespond, result.ExceptionCode);
        Assert.Contains("0x0B", result.Error, StringComparison.Ordinal);
        Assert.Equal(RelayModuleHealth.Refusing, state.Health);
        Assert.Contains("0x0B", Assert.Single(state.PendingWrites).LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_write_to_a_module_that_is_not_configured_fails_at_once_with_the_reason()
    {
        _driver.Configure([]);

        var result = await _driver.SetRelayAsync("nowhere", 0, on: true, CancellationToken.None);

        Assert.False(result.Written);
        Assert.Contains("'nowhere' is not configured", result.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _site.Dispose();

    private ModbusConnection Connect() => new(_bus.Endpoint, _bus.ResponseTimeout);

    private BusPoller Poller(IModbusTransport transport, int meters, TimeSpan? interval = null) => new(
        _bus,
        Enumerable.Range(1, meters).Select(u => new MeterConfiguration($"m{u}", "SDM630", (byte)u, _bus.Id)),
        transport,
        _sink,
        new PollingOptions { Interval = interval ?? TimeSpan.FromSeconds(1), Retries = 0 },
        TimeProvider.System,
        NullLogger<BusPoller>.Instance,
        relays: _driver.ForBus(_bus.Id));

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(condition());
    }

    private static string Describe(List<ModbusRequest> log) =>
        string.Join(", ", log.Select(r => $"u{r.UnitId}/FC{r.FunctionCode:X2}@{r.Address}"));

    /// <summary>libmodbus on the wire, with a hook called before each request goes out.</summary>
    private sealed class InterceptingTransport(ModbusConnection connection, Action<byte, byte> beforeRequest) : IModbusTransport
    {
        private readonly LibModbusTransport _inner = new(connection);

        public Task<ushort[]> ReadInputRegistersAsync(byte unitId, ushort address, ushort count, CancellationToken cancellationToken)
        {
            beforeRequest(unitId, 0x04);
            return _inner.ReadInputRegistersAsync(unitId, address, count, cancellationToken);
        }

        public Task<bool[]> ReadCoilsAsync(byte unitId, ushort address, ushort count, CancellationToken cancellationToken)
        {
            beforeRequest(unitId, 0x01);
            return _inner.ReadCoilsAsync(unitId, address, count, cancellationToken);
        }

        public Task<bool[]> ReadDiscreteInputsAsync(byte unitId, ushort address, ushort count, CancellationToken cancellationToken)
        {
            beforeRequest(unitId, 0x02);
            return _inner.ReadDiscreteInputsAsync(unitId, address, count, cancellationToken);
        }

        public Task WriteCoilAsync(byte unitId, ushort address, bool on, CancellationToken cancellationToken)
        {
            beforeRequest(unitId, 0x05);
            return _inner.WriteCoilAsync(unitId, address, on, cancellationToken);
        }

        public Task WriteCoilsAsync(byte unitId, ushort address, IReadOnlyList<bool> values, CancellationToken cancellationToken)
        {
            beforeRequest(unitId, 0x0F);
            return _inner.WriteCoilsAsync(unitId, address, values, cancellationToken);
        }

        public void Dispose() => _inner.Dispose();
    }
}
