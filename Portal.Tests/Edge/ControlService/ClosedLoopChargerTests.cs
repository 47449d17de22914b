using Microsoft.Extensions.DependencyInjection;
using Portal.Contracts;
using Portal.Contracts.Control;
using Portal.Contracts.Mqtt;
using Portal.Edge.Ocpp;
using Portal.Simulator;
using Portal.Simulator.Ocpp;
using Portal.Tests.Support;
using Xunit.Abstractions;

namespace Portal.Tests.Edge.ControlService;

/// <summary>
/// The loop closed with EV chargers (issue 11 "closed-loop tests"): mosquitto, the simulator with its grid meter, a
/// WP8024 boiler relay and three OCPP charge points whose cars draw what they are allowed on their phases, and the real
/// edge (control service + OCPP central system) on one compressed clock. The main fuse is small (16 A, 2 A margin):
/// the household, the boiler and three cars at 16 A (a three-phase one on L1-L3, one-phase ones on L2 and L3, arriving
/// at different times; the L2 car on "charge now") would take L2 to over 30 A. From the simulator's ground truth of
/// the grid connection's current, sampled every simulated second: no phase above 14 A for more than 2 control cycles;
/// the EV zone following the surplus exports less than the same day with the zone held at its minimum; the boiler
/// never switches faster than its minimum times. Speed 30 (not 60 as ClosedLoopTests): the fuse check counts seconds,
/// and at 30x a simulated second is 33 real ms; staleness 60 s for the same reason as there.
/// </summary>
[Collection(TimingSensitiveCollection.Name)]
public sealed class ClosedLoopChargerTests(ITestOutputHelper output)
{
    private const double Speed = 30;
    private const int CycleMilliseconds = 1000;
    private const int MainLimitA = 16;
    private const int MarginA = 2;
    private const int BoilerMinSeconds = 180;
    private const byte ModuleUnit = 20;

    // The loop regulates a phase to exactly limit - margin on the meter's reading (its own voltage, float32, 0.1 A
    // steps); the ground truth at 230 V differs from it by a few tenths, so "above" means by more than this.
    private const double MeasurementToleranceA = 0.5;

    // 10:30 local (UTC+1 in the simulator) on midsummer day, a 9 kW array.
    private static readonly DateTimeOffset Start = new(2026, 6, 21, 9, 30, 0, TimeSpan.Zero);
    private static readonly TimeSpan Run = TimeSpan.FromMinutes(16);
    private static readonly TimeSpan Settle = TimeSpan.FromMinutes(1);

    private static readonly SimulatedChargerOptions[] Chargers =
    [
        new("cp-3", 3, [Phase.L1, Phase.L2, Phase.L3], 16),
        new("cp-l2", 1, [Phase.L2], 16),
        new("cp-l3", 1, [Phase.L3], 16),
    ];

    // Site-local arrivals: the three-phase car is there from the start, the others come 4 and 8 minutes later.
    private static readonly CarSchedule[] Cars =
    [
        new("cp-3", new TimeOnly(10, 29), null, null),
        new("cp-l2", new TimeOnly(10, 35), null, null),
        new("cp-l3", new TimeOnly(10, 39), null, null),
    ];

    // Runs, and found three defects (fixed in Portal.Edge/Ocpp, see the branch's commits), but its export comparison
    // does not discriminate yet: the boiler and the charge-now car absorb nearly all of a 9 kW array, so both runs
    // export 0-50 Wh (the cloudy day 0 in both). Tune the scenario (more PV, no charge-now in the comparison) and enable.
    [Theory(Skip = "scenario not discriminating yet: both runs export almost nothing (see comment)")]
    [InlineData(Sky.Clear)]
    [InlineData(Sky.Cloudy)]
    public async Task Chargers_share_the_surplus_and_keep_every_phase_under_the_main_fuse_limit_with_cars_arriving(Sky day)
    {
        var optimised = await RunAsync(day, zoneMaxPowerW: 22_000);
        var minimum = await RunAsync(day, zoneMaxPowerW: 4140);
        output.WriteLine($"{day}: export {optimised.ExportWh:F0} Wh following the surplus, {minimum.ExportWh:F0} Wh at the zone minimum; " +
            $"peak phase current {optimised.PeakA:F1} A, longest stretch over {MainLimitA - MarginA} A: {optimised.LongestOverSeconds} s; " +
            $"energy to the cars {optimised.CarWh:F0} Wh vs {minimum.CarWh:F0} Wh; boiler {string.Join(", ", optimised.Switches.Select(s => $"{s.At:HH:mm:ss} {(s.On ? "on" : "off")} {s.Reason}"))}");

        Assert.True(optimised.ExportWh < minimum.ExportWh, $"{day}: following the surplus exported {optimised.ExportWh} Wh, the zone at its minimum {minimum.ExportWh} Wh");
        Assert.True(optimised.CarWh > minimum.CarWh, $"{day}: the cars got {optimised.CarWh} Wh following the surplus, {minimum.CarWh} Wh at the minimum");
        Assert.True(optimised.PeakA > MainLimitA - MarginA - 3, $"{day}: the fuse was never approached (peak {optimised.PeakA:F1} A), so the test proves nothing");
        Assert.All(optimised.ChargersSeen, c => Assert.True(c.Value, $"{day}: {c.Key} never charged"));
        foreach (var result in new[] { optimised, minimum })
        {
            Assert.True(result.LongestOverSeconds <= 2 * CycleMilliseconds / 1000,
                $"{day}: a phase stayed above {MainLimitA - MarginA} A for {result.LongestOverSeconds} consecutive cycles: {result.OverDetail}");
            foreach (var (before, after) in result.Switches.Zip(result.Switches.Skip(1)).Where(p => p.Second.Reason != DecisionReason.FailSafe))
            {
                Assert.True(after.At - before.At >= TimeSpan.FromSeconds(BoilerMinSeconds), $"the boiler switched {(before.On ? "on" : "off")} at {before.At:O} and back at {after.At:O}");
            }
        }
    }

    private async Task<RunResult> RunAsync(Sky sky, int zoneMaxPowerW)
    {
        await using var site = new TelemetryChain(Start, Speed, meters: 3, pvPeakWatts: 9_000, sky: sky,
            relayModules: [new SimulatedRelayModuleOptions(0, ModuleUnit, [new SimulatedRelayLoad(2000, [Phase.L1, Phase.L2, Phase.L3])])]);
        await site.StartEdgeAsync("--Ocpp:ListenUrl=http://127.0.0.1:0", "--Ocpp:CallTimeoutSeconds=5");
        var central = site.EdgeServices.GetRequiredService<OcppCentralSystem>();
        var endpoint = new Uri($"ws://127.0.0.1:{central.ListeningOn!.Port}/ocpp");

        await site.StandIn.PublishConfigAsync(Config(site, zoneMaxPowerW));
        var ack = await site.StandIn.AckForAsync(1);
        Assert.True(ack.Outcome == ConfigOutcome.Applied, ack.Reason);
        await site.StandIn.PublishOverridesAsync(new ControlOverridesMessage(ContractVersion.Current, 1, site.Now, [], [new ChargeNowOverride("cp-l2", Start.AddDays(1))]));

        using var stop = new CancellationTokenSource();
        var runners = Chargers.Select(c => new OcppChargePointRunner(c, Cars.Single(car => car.ChargerId == c.Id), endpoint, site.Simulation,
            new OcppRunnerOptions { MeterValuesInterval = TimeSpan.FromSeconds(5), MinBackoff = TimeSpan.FromMilliseconds(200) })).ToList();
        var running = runners.Select(r => r.RunAsync(stop.Token)).ToList();
        var seen = Chargers.ToDictionary(c => c.Id, _ => false);
        try
        {
            // Ground truth once per simulated second: the per-phase current through the grid connection.
            var limit = MainLimitA - MarginA;
            var peak = 0.0;
            var over = 0;
            var longest = 0;
            var detail = "";
            await site.UntilAsync(Start + Settle);
            var last = site.Now;
            while (site.Now < Start + Run)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), site.Clock);
                var (l1, l2, l3) = site.Simulation.GridPhaseCurrents();
                var now = site.Now;
                var worst = Math.Max(l1, Math.Max(l2, l3));
                peak = Math.Max(peak, worst);

                // A late sample (a loaded machine) stands for every second since the last one.
                var seconds = Math.Max(1, (int)Math.Round((now - last).TotalSeconds));
                last = now;
                over = worst > limit + MeasurementToleranceA ? over + seconds : 0;
                if (over > longest)
                {
                    longest = over;
                    detail = $"{now:HH:mm:ss} L1 {l1:F1} L2 {l2:F1} L3 {l3:F1} A; limits {string.Join(", ", runners.Select(r => $"{r.ChargePoint.Id} {r.ChargePoint.LimitA} A x{r.ChargePoint.DrawingPhases}"))}";
                }

                foreach (var runner in runners.Where(r => r.ChargePoint.DrawnAmps > 0))
                {
                    seen[runner.ChargePoint.Id] = true;
                }
            }

            site.Simulation.CatchUp();
            var exportWh = site.GroundTruth(1).Where(q => q.Key >= Start + Settle && q.Key < Start + Run).Sum(q => q.Value.ExportWh);
            var carWh = (decimal)runners.Sum(r => r.ChargePoint.EnergyWh);
            IReadOnlyList<(DateTimeOffset At, bool On, DecisionReason Reason)> switches = [.. site.StandIn.ControlDecisions
                .SelectMany(d => d.Actions.Where(a => a.Kind == ControlTargetKind.Relay && a.On is not null).Select(a => (d.At, a.On!.Value, a.Reason)))
                .Distinct().OrderBy(s => s.Item1)];
            var limits = string.Join("; ", site.StandIn.ControlDecisions.SelectMany(d => d.Actions.Where(a => a.Kind == ControlTargetKind.Charger).Select(a => $"{d.At:HH:mm:ss} {a.TargetId} {a.LimitA} A x{a.Phases} {a.Reason}")).TakeLast(12));
            output.WriteLine($"{sky} zone {zoneMaxPowerW} W: last charger decisions {limits}; now {string.Join(", ", runners.Select(r => $"{r.ChargePoint.Id} {r.ChargePoint.Status} {r.ChargePoint.LimitA} A drawing {r.ChargePoint.DrawnAmps} A x{r.ChargePoint.DrawingPhases}"))}; {detail}");
            return new RunResult(exportWh, carWh, peak, longest, detail, seen, switches);
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(running);
            foreach (var runner in runners)
            {
                await runner.DisposeAsync();
            }
        }
    }

    private static GatewayConfigMessage Config(TelemetryChain site, int zoneMaxPowerW) =>
        site.Config(1, intervalSeconds: 1) with
        {
            Control = new ControlConfig(
                ["m1"],
                [new RelayModuleConfig("rm-1", "WP8024", TelemetryChain.BusId, ModuleUnit)],
                [new RelayConfig("boiler", "rm-1", 0, "Boiler", 2000, RelayMode.AutoSolar, 50, [Phase.L1, Phase.L2, Phase.L3], BoilerMinSeconds, BoilerMinSeconds)],
                new EvZoneConfig(zoneMaxPowerW, 4140, ZonePhases.Three, [.. Chargers.Select(c => new ChargerConfig(c.Id, c.PhaseMapping))]),
                new LoadManagementConfig(MainLimitA, MarginA),
                CycleMilliseconds: CycleMilliseconds,
                StaleAfterSeconds: 60),
        };

    private sealed record RunResult(
        decimal ExportWh, decimal CarWh, double PeakA, int LongestOverSeconds, string OverDetail,
        IReadOnlyDictionary<string, bool> ChargersSeen, IReadOnlyList<(DateTimeOffset At, bool On, DecisionReason Reason)> Switches);
}
