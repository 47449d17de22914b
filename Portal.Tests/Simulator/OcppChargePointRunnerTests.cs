using System.Net;
using System.Net.Sockets;
using Portal.Contracts.Control;
using Portal.Edge.Ocpp;
using Portal.Modbus;
using Portal.Simulator;
using Portal.Simulator.Ocpp;
using Portal.Tests.Edge.Ocpp;

namespace Portal.Tests.Simulator;

/// <summary>
/// The simulator's charge-point runner against the edge's real central system on 127.0.0.1, on a compressed site
/// clock (simulated = start + speed x real time): boot, heartbeats, the car's schedule, its draw through the grid meter.
/// </summary>
public sealed class OcppChargePointRunnerTests
{
    private static readonly TimeSpan Winter = TimeSpan.FromHours(1);

    [Fact]
    public async Task Boots_and_sends_heartbeats_at_the_interval_the_boot_answer_gives()
    {
        await using var edge = await RunningCentralSystem.StartAsync(configure: o => o.HeartbeatIntervalSeconds = 30);
        var site = NightSite(new DateTimeOffset(2026, 1, 10, 12, 0, 0, Winter), speed: 300);
        await using var run = Run(site, edge.Endpoint, new SimulatedChargerOptions("cp-1", 3, [Phase.L1, Phase.L2, Phase.L3], 16), car: null);

        await edge.WaitForAsync("cp-1", s => s.Connected && s.Status == ChargerStatus.Available);
        var heartbeats = await WaitAsync(() => run.Runner.Heartbeats, h => h.Count >= 4);

        Assert.Equal(TimeSpan.FromSeconds(30), run.Runner.ChargePoint.HeartbeatInterval);
        Assert.Equal(1, run.Runner.Boots);
        Assert.All(heartbeats.Zip(heartbeats.Skip(1), (a, b) => (b - a).TotalSeconds), gap => Assert.InRange(gap, 30, 36));
    }

    [Fact]
    public async Task A_car_plugs_in_at_its_time_draws_its_limit_and_the_grid_meter_rises_on_its_mapped_phase()
    {
        await using var edge = await RunningCentralSystem.StartAsync();
        var site = NightSite(new DateTimeOffset(2026, 1, 10, 17, 25, 0, Winter), speed: 120);
        await using var run = Run(site, edge.Endpoint, new SimulatedChargerOptions("cp-2", 1, [Phase.L2], 16),
            new CarSchedule("cp-2", new TimeOnly(17, 30), new TimeOnly(7, 0), null));
        await edge.WaitForAsync("cp-2", s => s.Connected && s.Status == ChargerStatus.Available);
        var idle = Grid(site);

        await edge.WaitForAsync("cp-2", s => s.Status == ChargerStatus.Charging && s.TransactionId is not null);
        var pluggedIn = run.Runner.PluggedInAt!.Value.ToOffset(Winter);
        Assert.InRange(pluggedIn, new DateTimeOffset(2026, 1, 10, 17, 30, 0, Winter), new DateTimeOffset(2026, 1, 10, 17, 31, 0, Winter));
        Assert.Equal(ChargerLimitOutcome.Accepted, await edge.Central.SetLimitAsync("cp-2", 10m, 1, CancellationToken.None));
        var ten = Grid(site);
        Assert.Equal(ChargerLimitOutcome.Accepted, await edge.Central.SetLimitAsync("cp-2", 20m, 1, CancellationToken.None));
        var full = Grid(site);

        Assert.Equal(16, run.Runner.ChargePoint.DrawnAmps);
        Assert.Equal((0, 2300, 0), (ten.Watts.L1 - idle.Watts.L1, ten.Watts.L2 - idle.Watts.L2, ten.Watts.L3 - idle.Watts.L3), Tolerance(1));
        Assert.Equal(3680, full.Watts.L2 - idle.Watts.L2, 1);
        // The meter shows amps at its own voltage and the site's power factor: 10 A at 230 V is 10 A give or take 10 %.
        Assert.InRange(ten.Amps.L2 - idle.Amps.L2, 9.5, 11.5);
        Assert.Equal(0, ten.Amps.L1 - idle.Amps.L1, 0.01);
        var measured = await edge.WaitForAsync("cp-2", s => s.Currents?.Phase1 == 16m);
        Assert.Equal(3680m, measured.PowerW);
    }

    [Fact]
    public async Task A_full_car_draws_nothing_and_stays_until_its_leave_time_or_leaves_when_it_has_none()
    {
        await using var edge = await RunningCentralSystem.StartAsync();
        var site = NightSite(new DateTimeOffset(2026, 1, 10, 17, 29, 50, Winter), speed: 300);
        await using var stays = Run(site, edge.Endpoint, new SimulatedChargerOptions("cp-1", 3, [Phase.L1, Phase.L2, Phase.L3], 16),
            new CarSchedule("cp-1", new TimeOnly(17, 30), new TimeOnly(7, 0), 2000));
        await using var leaves = Run(site, edge.Endpoint, new SimulatedChargerOptions("cp-2", 1, [Phase.L3], 16),
            new CarSchedule("cp-2", new TimeOnly(17, 30), null, 1000));

        await edge.WaitForAsync("cp-1", s => s.Status == ChargerStatus.Charging);
        Assert.True(Grid(site).Watts.L1 > 10_000 / 3.0);
        var full = await edge.WaitForAsync("cp-1", s => s.Status == ChargerStatus.SuspendedEV && s.EnergyWh == 2000m);
        var gone = await edge.WaitForAsync("cp-2", s => s.Status == ChargerStatus.Available && s.TransactionId is null && s.EnergyWh == 1000m);

        Assert.NotNull(full.TransactionId);
        Assert.True(stays.Runner.ChargePoint.CarPluggedIn);
        Assert.Null(stays.Runner.UnpluggedAt);
        Assert.Equal(0, stays.Runner.ChargePoint.DrawnAmps);
        Assert.Equal(2000, stays.Runner.ChargePoint.EnergyWh, 0.001);
        Assert.NotNull(leaves.Runner.UnpluggedAt);
        Assert.Equal(1000, leaves.Runner.ChargePoint.EnergyWh, 0.001);
        // Full after its 17:30 arrival time had passed, the car without a leave time does not come straight back.
        await Task.Delay(1000);
        Assert.False(leaves.Runner.ChargePoint.CarPluggedIn);
        Assert.Equal(1000, leaves.Runner.ChargePoint.EnergyWh, 0.001);
        // Only the PV inverter's night standby (a few watts) is left on the grid meter.
        Assert.Equal((0, 0, 0), Grid(site).Watts, Tolerance(10));
    }

    [Fact]
    public async Task Connects_once_the_central_system_is_up_and_reconnects_with_its_car_still_charging_after_it_restarts()
    {
        var port = FreePort();
        var site = NightSite(new DateTimeOffset(2026, 1, 10, 20, 0, 0, Winter), speed: 60);
        await using var run = Run(site, new Uri($"ws://127.0.0.1:{port}/ocpp"), new SimulatedChargerOptions("cp-1", 3, [Phase.L1, Phase.L2, Phase.L3], 16),
            new CarSchedule("cp-1", new TimeOnly(18, 0), new TimeOnly(7, 0), null),
            new OcppRunnerOptions { MinBackoff = TimeSpan.FromMilliseconds(100), MaxBackoff = TimeSpan.FromMilliseconds(400), MeterValuesInterval = TimeSpan.FromSeconds(10) });
        await Task.Delay(700); // the edge is not up yet: a few failed attempts
        Assert.Equal(0, run.Runner.Boots);
        var edge = await RunningCentralSystem.StartAsync(configure: o => o.ListenUrl = $"http://127.0.0.1:{port}");
        await edge.WaitForAsync("cp-1", s => s.Status == ChargerStatus.Charging);
        Assert.Equal(ChargerLimitOutcome.Accepted, await edge.Central.SetLimitAsync("cp-1", 8m, 3, CancellationToken.None));

        await edge.DisposeAsync();
        await WaitAsync(() => run.Runner.ChargePoint.Connected, connected => !connected);
        await Task.Delay(500); // a few failed attempts while the edge is down
        await using var restarted = await RunningCentralSystem.StartAsync(configure: o => o.ListenUrl = $"http://127.0.0.1:{port}");
        var back = await restarted.WaitForAsync("cp-1", s => s.Connected && s.Status == ChargerStatus.Charging && s.Currents?.Phase1 == 8m);

        Assert.Equal(2, run.Runner.Boots);
        Assert.True(back.EnergyWh > 0);
        Assert.Equal(8, run.Runner.ChargePoint.DrawnAmps);
        Assert.InRange(Grid(site).Watts.L1, 8 * 230 - 10, 8 * 230 + 10);
    }

    /// <summary>Two meters (grid and PV) on a January evening: the grid meter shows what the chargers draw and the PV inverter's few watts of standby.</summary>
    private static SiteSimulation NightSite(DateTimeOffset start, double speed) =>
        new(new SiteSimulationOptions { Meters = 2, UtcOffset = Winter }, new SimulationClock(TimeProvider.System, start, speed));

    private static RunningRunner Run(SiteSimulation site, Uri endpoint, SimulatedChargerOptions charger, CarSchedule? car, OcppRunnerOptions? options = null)
    {
        var runner = new OcppChargePointRunner(charger, car, endpoint, site,
            options ?? new OcppRunnerOptions { MinBackoff = TimeSpan.FromMilliseconds(100), MeterValuesInterval = TimeSpan.FromSeconds(10) });
        return new RunningRunner(runner);
    }

    private static ((double L1, double L2, double L3) Watts, (double L1, double L2, double L3) Amps) Grid(SiteSimulation site)
    {
        var registers = site.InputRegisters(0, 1)!;
        double At(int address) => RegisterWords.ToFloat32(registers, address);
        return ((At(0x000C), At(0x000E), At(0x0010)), (At(0x0006), At(0x0008), At(0x000A)));
    }

    private static TupleTolerance Tolerance(double watts) => new(watts);

    private static async Task<T> WaitAsync<T>(Func<T> read, Func<T, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var last = read();
        while (!condition(last))
        {
            Assert.True(DateTime.UtcNow < deadline, $"never reached the expected state; last: {last}");
            await Task.Delay(20);
            last = read();
        }

        return last;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Compares (L1, L2, L3) triples within a tolerance.</summary>
    private sealed class TupleTolerance(double tolerance) : IEqualityComparer<(double, double, double)>
    {
        public bool Equals((double, double, double) x, (double, double, double) y) =>
            Math.Abs(x.Item1 - y.Item1) <= tolerance && Math.Abs(x.Item2 - y.Item2) <= tolerance && Math.Abs(x.Item3 - y.Item3) <= tolerance;

        public int GetHashCode((double, double, double) obj) => 0;
    }

    /// <summary>A runner running in the background until disposed.</summary>
    private sealed class RunningRunner : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _running;

        public RunningRunner(OcppChargePointRunner runner)
        {
            Runner = runner;
            _running = Task.Run(() => runner.RunAsync(_stop.Token));
        }

        public OcppChargePointRunner Runner { get; }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _running;
            await Runner.DisposeAsync();
            _stop.Dispose();
        }
    }
}
