using Microsoft.Extensions.DependencyInjection;
using Portal.Contracts.Mqtt;
using Portal.Edge.Polling;
using Portal.Edge.Sync;
using Portal.Tests.Support;
using Xunit.Abstractions;

namespace Portal.Tests.Edge.EndToEnd;

/// <summary>
/// The edge as the executable runs it (<see cref="Portal.Edge.Hosting.EdgeHost.Build"/>), against a real mosquitto
/// and the Modbus TCP simulator on 127.0.0.1, at 600x: a simulated hour lasts six real seconds.
/// </summary>
/// <remarks>
/// Accuracy. The registers are float32 kWh: around 1000-4000 kWh one float step is 0.12-0.24 Wh, and the decoder
/// rounds to the Wh, so a register reading is within ±0.5 Wh plus one float step and a difference of two within
/// 2 Wh. That is the tolerance of the pure register arithmetic. On top, an interval also carries the energy that
/// flows between the boundary and the instant its meter was read: polling wakes at the boundary, but at 600x one
/// real millisecond of scheduling and Modbus latency is 0.6 simulated seconds (about 1 Wh at 6 kW). The test
/// measures that offset for every boundary from the live messages (the first reading after the boundary is the
/// snapshot) and allows |power| x offset at both ends, doubled for power changing meanwhile.
/// </remarks>
[Collection(TimingSensitiveCollection.Name)]
public sealed class EdgeEndToEndTests(ITestOutputHelper output)
{
    private const double Speed = 600;

    // Early morning in June (site clock UTC+1): households waking up, PV starting, so import and export both move.
    private static readonly DateTimeOffset Dawn = new(2026, 6, 21, 3, 53, 0, TimeSpan.Zero);

    [Fact]
    public async Task Edge_applies_the_retained_config_and_delivers_intervals_equal_to_the_simulators_ground_truth()
    {
        await using var site = new TelemetryChain(Dawn, Speed);
        await site.StartEdgeAsync();

        await site.StandIn.PublishConfigAsync(site.Config(1));
        var ack = await site.StandIn.AckForAsync(1);

        Assert.Equal(ConfigOutcome.Applied, ack.Outcome);
        var first = QuarterHour.Floor(site.Now) + QuarterHour.Length;
        var end = first + TimeSpan.FromHours(3);
        await site.UntilAsync(end + TimeSpan.FromMinutes(2));
        await AllDeliveredUntilAsync(site, end);

        foreach (var meter in site.Simulation.Meters)
        {
            var intervals = Delivered(site, meter.Address.UnitId, end);
            IntervalAssertions.AssertContiguous(intervals, end);
            // One late first boundary is tolerated: at 600x the 60 s boundary tolerance is 100 real ms, which a
            // loaded two-core machine can exceed once while the process warms up; contiguity is checked regardless.
            Assert.True(intervals[0].IntervalStart <= first + QuarterHour.Length, $"first interval of {TelemetryChain.MeterId(meter.Address.UnitId)} starts {intervals[0].IntervalStart:O}");
            Assert.True(intervals.Count(i => i.SpansMissedQuarters) <= 1, "boundaries missed: " + string.Join(", ", intervals.Where(i => i.SpansMissedQuarters).Select(i => $"{i.IntervalStart:t}-{i.IntervalEnd:t}")));
            IntervalAssertions.AssertMatchesGroundTruth(output, site, meter.Address.UnitId, intervals);
        }

        Assert.Empty(site.StandIn.Invalid);
        Assert.Contains(site.StandIn.Live, l => l.VoltageV is { L1: > 200m } && l.CurrentA is not null && l.ActivePowerPhaseW is not null && l.FrequencyHz is > 45m);
    }

    [Fact]
    public async Task The_online_status_reports_readiness_once_the_configuration_is_applied_and_the_bus_polls()
    {
        await using var site = new TelemetryChain(Dawn, Speed);
        await site.StartEdgeAsync();
        await TelemetryChain.EventuallyAsync(() => site.StandIn.Statuses.Any(s => s.State == GatewayState.Online), TimeSpan.FromSeconds(15), () => "no online status");
        var beforeConfig = site.StandIn.Statuses.Last(s => s.State == GatewayState.Online);

        await site.StandIn.PublishConfigAsync(site.Config(1));
        Assert.Equal(ConfigOutcome.Applied, (await site.StandIn.AckForAsync(1)).Outcome);

        // Published when the configuration is applied, not at the next heartbeat.
        await TelemetryChain.EventuallyAsync(() => site.StandIn.Statuses.Any(s => s.Ready == true), TimeSpan.FromSeconds(3),
            () => string.Join(", ", site.StandIn.Statuses.Select(s => $"{s.State} v{s.ConfigVersion} {s.BusesPolling} ready={s.Ready}")));
        var ready = site.StandIn.Statuses.First(s => s.Ready == true);
        Assert.Equal((false, null, 0), (beforeConfig.Ready, beforeConfig.ConfigVersion, beforeConfig.BusesPolling));
        Assert.Equal((GatewayState.Online, 1L, 1), (ready.State, ready.ConfigVersion, ready.BusesPolling));
    }

    [Fact]
    public async Task A_config_with_an_unknown_model_or_a_duplicate_unit_id_is_rejected_naming_it_and_the_previous_config_keeps_polling()
    {
        await using var site = new TelemetryChain(Dawn, Speed);
        await site.StartEdgeAsync();
        await site.StandIn.PublishConfigAsync(site.Config(1));
        Assert.Equal(ConfigOutcome.Applied, (await site.StandIn.AckForAsync(1)).Outcome);

        await site.StandIn.PublishConfigAsync(site.Config(2, change: m => m.Id == "m3" ? m with { Model = "ABB-B23" } : m));
        var unknownModel = await site.StandIn.AckForAsync(2);
        await site.StandIn.PublishConfigAsync(site.Config(3, change: m => m.Id == "m4" ? m with { UnitId = 2 } : m));
        var duplicateUnit = await site.StandIn.AckForAsync(3);

        Assert.Equal(ConfigOutcome.Rejected, unknownModel.Outcome);
        Assert.Contains("Meter 'm3': model 'ABB-B23' is unknown", unknownModel.Reason, StringComparison.Ordinal);
        Assert.Equal(ConfigOutcome.Rejected, duplicateUnit.Outcome);
        Assert.Contains("Meters 'm2', 'm4' share unit id 2 on bus 'conv-0'", duplicateUnit.Reason, StringComparison.Ordinal);
        output.WriteLine($"rejections: {unknownModel.Reason} | {duplicateUnit.Reason}");

        // Version 1 is still what polls: every meter keeps producing live readings, and the cache still holds it.
        var rejectedAt = site.Now;
        await TelemetryChain.EventuallyAsync(
            () => site.MeterIds.All(id => site.StandIn.Live.Count(l => l.MeterId == id && l.MeasuredAt > rejectedAt) >= 3),
            TimeSpan.FromSeconds(10), () => "live readings stopped after the rejection");
        Assert.Equal(6, site.EdgeServices.GetRequiredService<PollingRunner>().Current!.Meters.Count);
        Assert.Equal(1, site.EdgeServices.GetRequiredService<ConfigReceiver>().AppliedVersion);
        var cached = ContractParser.ParseConfig(await File.ReadAllBytesAsync(Path.Combine(site.DataDirectory, "config.json")));
        Assert.Equal(1, cached.Value!.Version);
    }

    [Fact]
    public async Task After_a_broker_outage_and_an_edge_restart_every_quarter_hour_arrives_exactly_once_without_a_gap()
    {
        await using var site = new TelemetryChain(Dawn, Speed);
        await site.StartEdgeAsync();
        await site.StandIn.PublishConfigAsync(site.Config(1));
        Assert.Equal(ConfigOutcome.Applied, (await site.StandIn.AckForAsync(1)).Outcome);
        var first = QuarterHour.Floor(site.Now) + QuarterHour.Length;

        await site.UntilAsync(first + TimeSpan.FromMinutes(50));
        site.Broker.Stop();
        var outage = site.Now;
        await site.UntilAsync(outage + TimeSpan.FromHours(1));
        site.Broker.Start();
        output.WriteLine($"broker down {outage:t}-{site.Now:t} (simulated)");

        await site.UntilAsync(site.Now + TimeSpan.FromMinutes(25));
        var stopped = site.Now;
        await site.StopEdgeAsync();
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        await site.StartEdgeAsync();
        output.WriteLine($"edge rebuilt on the same data directory {stopped:t}-{site.Now:t} (simulated)");

        var end = first + TimeSpan.FromHours(3);
        await site.UntilAsync(end + TimeSpan.FromMinutes(2));
        await AllDeliveredUntilAsync(site, end);

        foreach (var meter in site.Simulation.Meters)
        {
            var all = site.StandIn.Intervals.Where(i => i.MeterId == TelemetryChain.MeterId(meter.Address.UnitId)).ToList();

            // At-least-once: a message may come twice, but then it is the same message (same sequence and energy).
            Assert.All(all.GroupBy(i => i.IntervalStart), copies => Assert.Single(copies.Distinct()));
            var intervals = Delivered(site, meter.Address.UnitId, end);
            IntervalAssertions.AssertContiguous(intervals, end);
            // One late first boundary is tolerated: at 600x the 60 s boundary tolerance is 100 real ms, which a
            // loaded two-core machine can exceed once while the process warms up; contiguity is checked regardless.
            Assert.True(intervals[0].IntervalStart <= first + QuarterHour.Length, $"first interval {intervals[0].IntervalStart:t}, expected by {first:t}: " + string.Join(", ", all.Select(i => $"#{i.Sequence} {i.IntervalStart:t}-{i.IntervalEnd:t}")));
            IntervalAssertions.AssertMatchesGroundTruth(output, site, meter.Address.UnitId, intervals);
        }

        Assert.Empty(site.StandIn.Invalid);
    }

    [Fact]
    public async Task Thousands_of_malformed_configurations_are_rejected_while_the_edge_keeps_polling_and_then_applies_a_good_one()
    {
        await using var site = new TelemetryChain(Dawn, Speed);
        await site.StartEdgeAsync();
        await site.StandIn.PublishConfigAsync(site.Config(1));
        Assert.Equal(ConfigOutcome.Applied, (await site.StandIn.AckForAsync(1)).Outcome);
        var valid = ContractParser.Serialize(site.Config(2));
        var random = new Random(7);

        for (var i = 0; i < 2000; i++)
        {
            // Never a valid document by construction: cut short, trailing junk, or random bytes.
            var garbage = (i % 3) switch
            {
                0 => valid[..random.Next(valid.Length)],
                1 => [.. valid, .. "}}junk"u8.ToArray()],
                _ => RandomBytes(random),
            };

            await site.StandIn.PublishRawConfigAsync(garbage);
        }

        var afterGarbage = site.Now;
        await TelemetryChain.EventuallyAsync(
            () => site.MeterIds.All(id => site.StandIn.Live.Any(l => l.MeterId == id && l.MeasuredAt > afterGarbage)),
            TimeSpan.FromSeconds(15), () => "polling stopped after the malformed configurations");
        Assert.Equal(1, site.EdgeServices.GetRequiredService<ConfigReceiver>().AppliedVersion);
        await site.StandIn.PublishConfigAsync(site.Config(3));

        Assert.Equal(ConfigOutcome.Applied, (await site.StandIn.AckForAsync(3)).Outcome);
        Assert.Equal(3, site.EdgeServices.GetRequiredService<ConfigReceiver>().AppliedVersion);
    }

    [Fact]
    public async Task The_edge_starts_and_polls_from_its_cached_config_while_the_broker_is_down()
    {
        await using var site = new TelemetryChain(Dawn, Speed);
        await site.StartEdgeAsync();
        await site.StandIn.PublishConfigAsync(site.Config(1));
        Assert.Equal(ConfigOutcome.Applied, (await site.StandIn.AckForAsync(1)).Outcome);
        await site.StopEdgeAsync();
        site.Broker.Stop();

        await site.StartEdgeAsync();

        // The cached config is applied by the sync service's first step, before it ever tries the broker.
        var runner = site.EdgeServices.GetRequiredService<PollingRunner>();
        await TelemetryChain.EventuallyAsync(() => runner.Current?.Meters.Count == 6, TimeSpan.FromSeconds(5), () => "the cached config was not applied");
        var outbox = site.EdgeServices.GetRequiredService<OutboxStore>();
        await TelemetryChain.EventuallyAsync(() => outbox.Count() >= 6, TimeSpan.FromSeconds(15), () => $"outbox holds {outbox.Count()} intervals");
        var stored = outbox.Count();
        output.WriteLine($"{stored} intervals stored offline by {site.Now:t} (simulated)");

        site.Broker.Start();
        await TelemetryChain.EventuallyAsync(() => site.StandIn.Intervals.Count >= stored, TimeSpan.FromSeconds(15),
            () => $"portal received {site.StandIn.Intervals.Count} of {stored}");
        Assert.Empty(site.StandIn.Invalid);
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(1, 400)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static async Task AllDeliveredUntilAsync(TelemetryChain site, DateTimeOffset end) =>
        await TelemetryChain.EventuallyAsync(
            () => site.MeterIds.All(id => site.StandIn.Intervals.Any(i => i.MeterId == id && i.IntervalEnd >= end)),
            TimeSpan.FromSeconds(20),
            () => string.Join(", ", site.MeterIds.Select(id => $"{id} until {site.StandIn.Intervals.Where(i => i.MeterId == id).Select(i => i.IntervalEnd).DefaultIfEmpty().Max():t}")));

    private static List<IntervalEnergyMessage> Delivered(TelemetryChain site, byte unitId, DateTimeOffset end) =>
        [.. site.StandIn.DistinctIntervals(TelemetryChain.MeterId(unitId)).Where(i => i.IntervalEnd <= end)];
}

internal static class IntervalEnergyMessageExtensions
{
    public static int Quarters(this IntervalEnergyMessage interval) => (int)((interval.IntervalEnd - interval.IntervalStart).Ticks / QuarterHour.Length.Ticks);
}
