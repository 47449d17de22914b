using Portal.Edge.Ocpp;
using Portal.Simulator.Ocpp;

namespace Portal.Tests.Edge.Ocpp;

/// <summary>The simulator's charge point against the edge's central system on 127.0.0.1: the car follows the limit.</summary>
public sealed class SimulatedChargePointTests
{
    [Fact]
    public async Task A_simulated_car_draws_the_limit_the_central_system_sends_and_pauses_at_zero()
    {
        await using var edge = await RunningCentralSystem.StartAsync(configure: o => o.KnownChargePoints = ["cp-1"]);
        await using var chargePoint = new SimulatedChargePoint("cp-1", phases: 3, carMaxAmps: 11);
        var now = DateTimeOffset.UtcNow;
        await chargePoint.ConnectAsync(edge.Endpoint, CancellationToken.None);
        await chargePoint.PlugInAsync(now, CancellationToken.None);
        Assert.NotNull(chargePoint.TransactionId);
        Assert.Equal(11, chargePoint.DrawnAmps);

        Assert.Equal(ChargerLimitOutcome.Accepted, await edge.Central.SetLimitAsync("cp-1", 8.2m, 3, CancellationToken.None));
        Assert.Equal((8.2, 8.2, 8.2), chargePoint.DrawnCurrents);
        await chargePoint.SendMeterValuesAsync(now.AddSeconds(10), TimeSpan.FromSeconds(10), CancellationToken.None);
        var measured = await edge.WaitForAsync("cp-1", s => s.Currents?.Phase1 == 8.2m);
        Assert.Equal((ChargerStatus.Charging, chargePoint.TransactionId, 5658m), (measured.Status, measured.TransactionId, measured.PowerW));

        Assert.Equal(ChargerLimitOutcome.Accepted, await edge.Central.SetLimitAsync("cp-1", 0m, 3, CancellationToken.None));
        Assert.Equal(0, chargePoint.DrawnAmps);
        await edge.WaitForAsync("cp-1", s => s.Status == ChargerStatus.SuspendedEVSE);

        await chargePoint.UnplugAsync(now.AddMinutes(1), CancellationToken.None);
        await edge.WaitForAsync("cp-1", s => s.TransactionId is null && s.Status == ChargerStatus.Available);
    }

    [Fact]
    public async Task A_three_phase_car_limited_to_one_phase_draws_on_its_first_phase_only_and_on_three_again_when_allowed()
    {
        await using var edge = await RunningCentralSystem.StartAsync(configure: o => o.KnownChargePoints = ["cp-3"]);
        await using var chargePoint = new SimulatedChargePoint("cp-3", phases: 3, carMaxAmps: 16);
        var now = DateTimeOffset.UtcNow;
        await chargePoint.ConnectAsync(edge.Endpoint, CancellationToken.None);
        await chargePoint.PlugInAsync(now, CancellationToken.None);

        // numberPhases 1 in the profile (PROTOCOLS.md 6.3): the charger switches to one phase, its phase 1.
        Assert.Equal(ChargerLimitOutcome.Accepted, await edge.Central.SetLimitAsync("cp-3", 10m, 1, CancellationToken.None));
        Assert.Equal((10.0, 0.0, 0.0), chargePoint.DrawnCurrents);
        Assert.Equal(1, chargePoint.DrawingPhases);
        chargePoint.Draw(TimeSpan.FromHours(1));
        Assert.Equal(2300, chargePoint.SessionEnergyWh, 6);
        await chargePoint.SendMeterValuesAsync(now.AddSeconds(10), TimeSpan.Zero, CancellationToken.None);
        var measured = await edge.WaitForAsync("cp-3", s => s.Currents?.Phase1 == 10m);
        Assert.Equal((new ChargerPhaseCurrents(10m, 0m, 0m), 2300m), (measured.Currents, measured.PowerW));

        Assert.Equal(ChargerLimitOutcome.Accepted, await edge.Central.SetLimitAsync("cp-3", 8m, 3, CancellationToken.None));
        Assert.Equal((8.0, 8.0, 8.0), chargePoint.DrawnCurrents);
        Assert.Equal(3, chargePoint.DrawingPhases);
    }

    [Fact]
    public async Task The_edge_host_with_a_central_system_stops_and_disposes_cleanly()
    {
        // The host disposes the central system once per registration (itself, IChargerDriver, hosted service).
        var data = Directory.CreateTempSubdirectory("edge-ocpp-").FullName;
        var host = global::Portal.Edge.Hosting.EdgeHost.Build(
            ["--Edge:GatewayId=gw-1", "--Edge:SiteId=s1", $"--Edge:DataDirectory={data}", "--Mqtt:Host=127.0.0.1", "--Mqtt:Port=1", "--Ocpp:ListenUrl=http://127.0.0.1:0"],
            TimeProvider.System);
        await host.StartAsync();
        await host.StopAsync();
        await ((IAsyncDisposable)host).DisposeAsync();
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task A_limit_decided_while_the_charger_was_offline_reaches_it_once_it_boots()
    {
        await using var edge = await RunningCentralSystem.StartAsync(configure: o => o.KnownChargePoints = ["cp-4"]);
        Assert.Equal(ChargerLimitOutcome.NotConnected, await edge.Central.SetLimitAsync("cp-4", 0m, 3, CancellationToken.None));
        await using var chargePoint = new SimulatedChargePoint("cp-4", phases: 3, carMaxAmps: 16);
        await chargePoint.ConnectAsync(edge.Endpoint, CancellationToken.None);
        await chargePoint.PlugInAsync(DateTimeOffset.UtcNow, CancellationToken.None);

        await edge.WaitForAsync("cp-4", s => s.LimitA == 0m);
        Assert.Equal(0, chargePoint.DrawnAmps);
        Assert.Equal("SuspendedEVSE", chargePoint.Status);
    }

    [Fact]
    public async Task An_unknown_charge_point_is_refused()
    {
        await using var edge = await RunningCentralSystem.StartAsync(configure: o => o.KnownChargePoints = ["cp-1"]);
        await using var stranger = new SimulatedChargePoint("cp-9", phases: 1);
        await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => stranger.ConnectAsync(edge.Endpoint, CancellationToken.None));
        Assert.Equal(ChargerLimitOutcome.NotConnected, await edge.Central.SetLimitAsync("cp-9", 6m, 1, CancellationToken.None));
    }
}
