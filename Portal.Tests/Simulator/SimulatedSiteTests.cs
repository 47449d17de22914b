using Microsoft.Extensions.Time.Testing;
using Portal.Contracts.Profiles;
using Portal.Modbus;
using Portal.Modbus.Meters;
using Portal.Simulator;
using Portal.Tests.Support;

namespace Portal.Tests.Simulator;

/// <summary>Our client against the site simulator's libmodbus servers on loopback, time moved by hand.</summary>
public sealed class SimulatedSiteTests : IDisposable
{
    private static readonly DateTimeOffset Midnight = new(2026, 6, 21, 0, 0, 0, TimeSpan.FromHours(1));
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(250);

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UnixEpoch);
    private readonly SiteSimulation _simulation;
    private readonly SiteSimulatorHost _host;
    private readonly MeterReader _reader = new(MeterModels.Sdm630);

    public SimulatedSiteTests()
    {
        _simulation = new SiteSimulation(new SiteSimulationOptions { Ports = 2, Meters = 12, Seed = 7 }, new SimulationClock(_clock, Midnight, speed: 1));
        _host = new SiteSimulatorHost(_simulation);
    }

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Client_reads_every_simulated_meter_on_every_port()
    {
        Advance(TimeSpan.FromHours(12.5));

        foreach (var port in Enumerable.Range(0, 2))
        {
            using var connection = Connect(port);
            foreach (var meter in _simulation.MetersOnPort(port))
            {
                var reading = await Read(connection, meter.Address.UnitId);
                Assert.InRange(reading.Voltage.L1!.Value, 220, 240);
                Assert.InRange(reading.Voltage.L3!.Value, 220, 240);
                Assert.InRange(reading.Frequency!.Value, 49.9, 50.1);
                Assert.NotNull(reading.ImportEnergyKWh);
                var phaseSum = reading.ActivePower.L1!.Value + reading.ActivePower.L2!.Value + reading.ActivePower.L3!.Value;
                Assert.Equal(phaseSum, reading.ActivePowerTotal!.Value, 0);
            }
        }
    }

    [Fact]
    public async Task PV_meter_exports_at_noon_and_is_idle_at_night()
    {
        using var connection = Connect(0);
        Advance(TimeSpan.FromHours(2));
        var night = await Read(connection, 2);
        Advance(TimeSpan.FromHours(11));
        var noon = await Read(connection, 2);

        Assert.Equal(LoadKind.PvProduction, _simulation.Meter(0, 2).Role);
        Assert.InRange(night.ActivePowerTotal!.Value, 0, 20);
        Assert.InRange(noon.ActivePowerTotal!.Value, -30_000, -15_000);
        Assert.True(noon.ExportEnergyKWh > night.ExportEnergyKWh + 50m, "a summer morning exports tens of kWh");
    }

    [Fact]
    public async Task Energy_registers_follow_the_integral_of_power()
    {
        using var connection = Connect(0);
        Advance(TimeSpan.FromHours(12));
        var before = await Read(connection, 2);
        Advance(TimeSpan.FromMinutes(6));
        var after = await Read(connection, 2);

        // PV power barely moves in six minutes at noon: energy is about power x time.
        var expected = (decimal)(-(before.ActivePowerTotal!.Value + after.ActivePowerTotal!.Value) / 2 * 0.1 / 1000);
        var delta = after.ExportEnergyKWh!.Value - before.ExportEnergyKWh!.Value;
        Assert.InRange(delta, expected * 0.8m, expected * 1.2m);
        Assert.Equal(before.ImportEnergyKWh, after.ImportEnergyKWh);
    }

    [Fact]
    public async Task Ground_truth_per_quarter_hour_sums_to_the_register_delta()
    {
        using var connection = Connect(0);
        Advance(TimeSpan.FromHours(6));
        var from = Midnight.AddHours(6);
        var until = Midnight.AddHours(13.5);
        var before = new Dictionary<byte, MeterReading>();
        foreach (var unit in new byte[] { 1, 2, 3, 4 })
        {
            before[unit] = await Read(connection, unit);
        }

        Advance(until - from);

        foreach (var unit in new byte[] { 1, 2, 3, 4 })
        {
            var after = await Read(connection, unit);
            var quarters = _simulation.GroundTruth(new SimulatedMeterAddress(0, unit))
                .Where(q => q.Start >= from && q.Start < until).ToList();

            Assert.Equal(30, quarters.Count);
            Assert.All(quarters, q => Assert.Equal(0, q.Start.UtcTicks % TimeSpan.FromMinutes(15).Ticks));
            AssertClose(quarters.Sum(q => q.ImportKWh), after.ImportEnergyKWh!.Value - before[unit].ImportEnergyKWh!.Value);
            AssertClose(quarters.Sum(q => q.ExportKWh), after.ExportEnergyKWh!.Value - before[unit].ExportEnergyKWh!.Value);
        }
    }

    [Fact]
    public async Task Grid_connection_meter_carries_the_net_of_all_other_meters()
    {
        Advance(TimeSpan.FromHours(19));
        double others = 0;
        double grid = 0;
        foreach (var port in Enumerable.Range(0, 2))
        {
            using var connection = Connect(port);
            foreach (var meter in _simulation.MetersOnPort(port))
            {
                var power = (await Read(connection, meter.Address.UnitId)).ActivePowerTotal!.Value;
                if (meter.Role == LoadKind.GridConnection)
                {
                    grid = power;
                }
                else
                {
                    others += power;
                }
            }
        }

        Assert.Equal(others, grid, 0);
        Assert.True(grid > 0, "after sunset the site imports");
    }

    [Fact]
    public async Task Dead_meter_times_out_while_others_on_the_same_port_still_answer()
    {
        _simulation.Meter(0, 3).Fault = MeterFault.Dead;
        using var connection = Connect(0);

        Assert.Throws<ModbusTimeoutException>(() => connection.ReadInputRegisters(3, 0, 2));
        var neighbour = await Read(connection, 4);
        Assert.InRange(neighbour.Voltage.L1!.Value, 220, 240);
    }

    [Fact]
    public void Unknown_unit_gets_gateway_target_exception()
    {
        using var connection = Connect(1);

        var error = Assert.Throws<ModbusExceptionReply>(() => connection.ReadInputRegisters(42, 0, 2));

        Assert.Equal(ModbusExceptionCode.GatewayTargetFailedToRespond, error.Code);
    }

    [Fact]
    public async Task Failing_and_garbled_meters_surface_as_typed_errors_and_the_link_recovers()
    {
        _simulation.Meter(0, 3).Fault = MeterFault.ExceptionReply;
        _simulation.Meter(0, 4).Fault = MeterFault.Garbled;
        using var connection = Connect(0);

        var refused = Assert.Throws<ModbusExceptionReply>(() => connection.ReadInputRegisters(3, 0, 80));
        Assert.Throws<ModbusTransportException>(() => connection.ReadInputRegisters(4, 0, 80));
        var healthy = await Read(connection, 5);

        Assert.Equal(ModbusExceptionCode.ServerDeviceFailure, refused.Code);
        Assert.NotNull(healthy.ImportEnergyKWh);
    }

    [Fact]
    public async Task Reversed_meter_shows_export_where_its_load_imports()
    {
        using var connection = Connect(0);
        Advance(TimeSpan.FromHours(19));
        var before = await Read(connection, 3);
        _simulation.Meter(0, 3).Reversed = true;
        var reversedNow = await Read(connection, 3);
        Advance(TimeSpan.FromMinutes(30));
        var after = await Read(connection, 3);
        var truth = _simulation.GroundTruth(new SimulatedMeterAddress(0, 3)).Where(q => q.Start >= Midnight.AddHours(19)).ToList();

        Assert.True(before.ActivePowerTotal > 0);
        Assert.True(reversedNow.ActivePowerTotal < 0);
        Assert.Equal(before.ImportEnergyKWh, after.ImportEnergyKWh);
        AssertClose(truth.Sum(q => q.ImportKWh), after.ExportEnergyKWh!.Value - before.ExportEnergyKWh!.Value);
    }

    [Fact]
    public async Task Several_clients_read_the_same_port_at_once()
    {
        Advance(TimeSpan.FromHours(8));
        var clients = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            using var connection = Connect(0);
            for (var i = 0; i < 5; i++)
            {
                foreach (byte unit in new byte[] { 1, 2, 3 })
                {
                    Assert.NotNull((await Read(connection, unit)).ImportEnergyKWh);
                }
            }
        }));

        await Task.WhenAll(clients);
    }

    [Fact]
    public void Same_seed_gives_the_same_day()
    {
        var at = Midnight.AddHours(9.3);
        for (var meter = 1; meter < 12; meter++)
        {
            Assert.Equal(
                LoadProfiles.PhasePower(LoadKind.Household, meter, 3, at, 30_000),
                LoadProfiles.PhasePower(LoadKind.Household, meter, 3, at, 30_000));
        }

        Assert.NotEqual(
            LoadProfiles.PhasePower(LoadKind.Household, 4, 3, at, 30_000),
            LoadProfiles.PhasePower(LoadKind.Household, 4, 4, at, 30_000));
    }

    /// <summary>float32 registers near 1000-3000 kWh resolve about 0.0002 kWh; rounding to Wh adds 0.0005.</summary>
    private static void AssertClose(decimal expected, decimal actual) =>
        Assert.True(Math.Abs(expected - actual) <= 0.003m, $"expected {expected} kWh, registers moved {actual} kWh");

    private void Advance(TimeSpan by)
    {
        _clock.Advance(by);
        _simulation.CatchUp();
    }

    private ModbusConnection Connect(int port) => new(new TcpEndpoint("127.0.0.1", _host.TcpPortOf(port)), Timeout);

    private Task<MeterReading> Read(ModbusConnection connection, byte unit) =>
        _reader.ReadAsync(new NonOwningTransport(connection), $"u{unit}", unit, TimeProvider.System, CancellationToken.None);

    /// <summary>Lets a test read through a connection it disposes itself.</summary>
    private sealed class NonOwningTransport(ModbusConnection connection) : IModbusTransport
    {
        public Task<ushort[]> ReadInputRegistersAsync(byte unitId, ushort address, ushort count, CancellationToken cancellationToken) =>
            Task.FromResult(connection.ReadInputRegisters(unitId, address, count));

        public Task<bool[]> ReadCoilsAsync(byte unitId, ushort address, ushort count, CancellationToken cancellationToken) =>
            Task.FromResult(connection.ReadCoils(unitId, address, count));

        public Task<bool[]> ReadDiscreteInputsAsync(byte unitId, ushort address, ushort count, CancellationToken cancellationToken) =>
            Task.FromResult(connection.ReadDiscreteInputs(unitId, address, count));

        public Task WriteCoilAsync(byte unitId, ushort address, bool on, CancellationToken cancellationToken)
        {
            connection.WriteCoil(unitId, address, on);
            return Task.CompletedTask;
        }

        public Task WriteCoilsAsync(byte unitId, ushort address, IReadOnlyList<bool> values, CancellationToken cancellationToken)
        {
            connection.WriteCoils(unitId, address, [.. values]);
            return Task.CompletedTask;
        }

        public void Dispose()
        {
        }
    }
}
