using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Portal.Contracts;
using Portal.Contracts.Control;
using Portal.Contracts.Mqtt;
using Portal.Edge.Sync;
using Portal.Simulator;
using Portal.Tests.Support;
using Xunit.Abstractions;

namespace Portal.Tests.Edge.ControlService;

/// <summary>
/// The edge's control service with real parts (docs/edge.md, Control): mosquitto on loopback, the Modbus TCP simulator
/// in-process with a WP8024 relay module (unit 20, its loads counted on the grid meter m1), the edge via EdgeHost, in
/// real time (site clock speed 1) because these tests measure reaction times.
/// </summary>
[Collection(TimingSensitiveCollection.Name)]
public sealed class ControlServiceTests(ITestOutputHelper output)
{
    private const byte ModuleUnit = 20;
    private const string ModuleId = "rm-1";
    private const string RelayId = "boiler";
    private const int StaleAfterSeconds = 5;
    private const int CycleMilliseconds = 1000;

    // Midsummer noon in Switzerland: the simulated PV (20 kW peak) covers the 2 kW boiler many times over.
    private static readonly DateTimeOffset Noon = new(2026, 6, 21, 11, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Manual_relay_switched_on_in_the_overrides_turns_the_coil_on_within_3_seconds_with_a_manual_decision_and_state()
    {
        await using var site = NewSite();
        await StartWithControlAsync(site, RelayMode.Manual);

        var clock = Stopwatch.StartNew();
        await site.StandIn.PublishOverridesAsync(new ControlOverridesMessage(ContractVersion.Current, 1, site.Now, [new ManualRelayState(RelayId, true)], []));

        await TelemetryChain.EventuallyAsync(() => Coil(site), TimeSpan.FromSeconds(3), () => "the simulator's coil 0 is still off");
        output.WriteLine($"coil on after {clock.ElapsedMilliseconds} ms");
        await TelemetryChain.EventuallyAsync(
            () => site.StandIn.ControlActions.Any(a => a is { TargetId: RelayId, Reason: DecisionReason.Manual, On: true }),
            TimeSpan.FromSeconds(5), () => $"no manual decision; actions: {Describe(site)}");
        await TelemetryChain.EventuallyAsync(
            () => site.StandIn.ControlStates.LastOrDefault()?.Relays.Any(r => r is { RelayId: RelayId, On: true, Reason: DecisionReason.Manual }) == true,
            TimeSpan.FromSeconds(5), () => "control/state does not say the boiler is on");
        Assert.Empty(site.StandIn.Invalid);
        Assert.Equal(1, site.StandIn.ControlDecisions.Select(d => d.Sequence).Min());
    }

    [Fact]
    public async Task AutoSolar_relay_switches_off_with_reason_failSafe_when_the_grid_meter_stops_answering()
    {
        await using var site = NewSite();
        await StartWithControlAsync(site, RelayMode.AutoSolar);
        await TelemetryChain.EventuallyAsync(() => Coil(site), TimeSpan.FromSeconds(10), () => $"the boiler never went on with solar surplus; actions: {Describe(site)}");

        var clock = Stopwatch.StartNew();
        site.Simulation.Meter(0, 1).Fault = MeterFault.Dead;
        var within = TimeSpan.FromSeconds(StaleAfterSeconds) + (2 * TimeSpan.FromMilliseconds(CycleMilliseconds));
        await TelemetryChain.EventuallyAsync(() => !Coil(site), within, () => "the boiler is still on without grid readings");
        output.WriteLine($"coil off {clock.ElapsedMilliseconds} ms after the grid meter died");
        await TelemetryChain.EventuallyAsync(
            () => site.StandIn.ControlActions.Any(a => a is { TargetId: RelayId, Reason: DecisionReason.FailSafe, On: false }),
            TimeSpan.FromSeconds(5), () => $"no failSafe decision; actions: {Describe(site)}");
        await TelemetryChain.EventuallyAsync(() => site.StandIn.ControlStates.LastOrDefault()?.FailSafe == true, TimeSpan.FromSeconds(5), () => "control/state does not say fail-safe");
    }

    [Fact]
    public async Task Offline_the_loop_still_switches_and_its_decisions_wait_in_the_outbox_until_the_broker_is_back()
    {
        await using var site = NewSite();

        // Fail-safe from the start (no grid reading), so the relay can only switch on once the broker is gone.
        site.Simulation.Meter(0, 1).Fault = MeterFault.Dead;
        await StartWithControlAsync(site, RelayMode.AutoSolar);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(Coil(site));

        site.Broker.Stop();
        site.Simulation.Meter(0, 1).Fault = MeterFault.None;
        await TelemetryChain.EventuallyAsync(() => Coil(site), TimeSpan.FromSeconds(10), () => "the boiler did not go on offline");
        var outbox = site.EdgeServices.GetRequiredService<OutboxStore>();
        await TelemetryChain.EventuallyAsync(() => outbox.Count(OutboxLane.ControlDecisions) > 0, TimeSpan.FromSeconds(3), () => "no decision waits in outbox.db");
        Assert.DoesNotContain(site.StandIn.ControlActions, a => a is { TargetId: RelayId, On: true });

        site.Broker.Start();
        await TelemetryChain.EventuallyAsync(
            () => site.StandIn.ControlActions.Any(a => a is { TargetId: RelayId, Reason: DecisionReason.SolarSurplus, On: true }),
            TimeSpan.FromSeconds(20), () => $"the offline decision never arrived; actions: {Describe(site)}");
        await TelemetryChain.EventuallyAsync(() => outbox.Count(OutboxLane.ControlDecisions) == 0, TimeSpan.FromSeconds(10), () => "decisions stay in outbox.db after PUBACK");
        var sequences = site.StandIn.ControlDecisions.Select(d => d.Sequence).Distinct().Order().ToList();
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);
    }

    internal static TelemetryChain NewSite(double speed = 1, DateTimeOffset? start = null, double pvPeakWatts = 20_000, int relayWatts = 2000, Sky sky = Sky.Clear) => new(
        start ?? Noon, speed, meters: 3, pvPeakWatts: pvPeakWatts, sky: sky,
        relayModules: [new SimulatedRelayModuleOptions(0, ModuleUnit, [new SimulatedRelayLoad(relayWatts, [Phase.L1, Phase.L2, Phase.L3])])]);

    internal static GatewayConfigMessage ControlConfig(TelemetryChain site, long version, RelayMode mode, int relayWatts = 2000, int minOnSeconds = 0, int minOffSeconds = 0, int staleAfterSeconds = StaleAfterSeconds) =>
        site.Config(version, intervalSeconds: 1) with
        {
            Control = new ControlConfig(
                ["m1"],
                [new RelayModuleConfig(ModuleId, "WP8024", TelemetryChain.BusId, ModuleUnit)],
                [new RelayConfig(RelayId, ModuleId, 0, "Boiler", relayWatts, mode, 1, [Phase.L1, Phase.L2, Phase.L3], minOnSeconds, minOffSeconds)],
                CycleMilliseconds: CycleMilliseconds,
                StaleAfterSeconds: staleAfterSeconds),
        };

    internal static bool Coil(TelemetryChain site) => site.Simulation.RelayModule(0, ModuleUnit)!.Coils[0];

    internal static async Task StartWithControlAsync(TelemetryChain site, RelayMode mode)
    {
        await site.StartEdgeAsync();
        await site.StandIn.PublishConfigAsync(ControlConfig(site, 1, mode));
        var ack = await site.StandIn.AckForAsync(1);
        Assert.True(ack.Outcome == ConfigOutcome.Applied, ack.Reason);
    }

    private static string Describe(TelemetryChain site) =>
        string.Join("; ", site.StandIn.ControlActions.Select(a => $"{a.TargetId} {a.On} {a.Reason} {a.Detail}"));
}
