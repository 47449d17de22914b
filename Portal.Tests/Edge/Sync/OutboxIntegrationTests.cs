using Portal.Contracts.Mqtt;
using Portal.Messaging;
using Portal.Tests.Messaging;
using static Portal.Tests.Messaging.MqttTestClients;

namespace Portal.Tests.Edge.Sync;

public sealed class OutboxIntegrationTests : IDisposable
{
    private readonly MosquittoBroker _broker = StartBroker();

    public void Dispose() => _broker.Dispose();

    private MqttConnectionOptions GatewayOptions() => Options(_broker, "gw-1", GatewayUser, GatewayPassword);

    [Fact]
    public async Task Outbox_keeps_an_interval_until_the_broker_acknowledges_it()
    {
        var ct = Within(10);
        using var rig = new SyncTestRig();
        _broker.Kill();
        await using var client = new MqttConnection(GatewayOptions());
        client.Start();
        rig.RecordQuarters(SyncTestRig.Epoch, 3);

        Assert.Equal(0, await rig.Publisher(client).DrainAsync(ct));
        Assert.Equal(3, rig.Store.Count());

        _broker.Start();
        await client.WaitUntilConnectedAsync(ct);
        await using var portal = await ConnectedAsync(Options(_broker, "portal") with { CleanStart = false }, ct, Topics.FilterForAllGateways(TopicKind.Intervals));
        Assert.Equal(3, await rig.Publisher(client).DrainAsync(ct));
        Assert.Equal(0, rig.Store.Count());
    }

    [Fact]
    public async Task An_interval_nobody_is_subscribed_to_stays_in_the_outbox_until_the_portal_subscribes_again_after_a_broker_restart()
    {
        var ct = Within(20);
        using var rig = new SyncTestRig();
        var shared = Topics.Shared(Topics.PortalShareGroup, Topics.FilterForAllGateways(TopicKind.Intervals));
        var portalOptions = Options(_broker, "portal") with { CleanStart = false, ManualAcknowledgement = true };
        var portal = await ConnectedAsync(portalOptions, ct, shared);
        await portal.DisposeAsync();

        // mosquitto 2.0 forgets an absent session's shared subscriptions when it restarts: the broker answers
        // "no matching subscribers" and would drop the interval.
        _broker.Stop();
        _broker.Start();
        await using var gateway = await ConnectedAsync(GatewayOptions(), ct);
        rig.RecordQuarters(SyncTestRig.Epoch, 2);
        Assert.Equal(0, await rig.Publisher(gateway).DrainAsync(ct));
        Assert.Equal(2, rig.Store.Count());

        await using var back = await ConnectedAsync(portalOptions, ct, shared);
        Assert.Equal(2, await rig.Publisher(gateway).DrainAsync(ct));
        var received = new[] { await back.Messages.ReadAsync(ct), await back.Messages.ReadAsync(ct) };
        Assert.Equal([1L, 2L], received.Select(m => ContractParser.ParseInterval(m.Payload.Span).Value!.Sequence).Order());
    }

    [Fact]
    public async Task Backlog_drains_in_order_after_a_broker_outage_without_loss()
    {
        var ct = Within(20);
        using var rig = new SyncTestRig();
        // The portal keeps a persistent session and the broker restarts gracefully, so whichever client
        // reconnects first, nothing published after the restart can miss the portal.
        await using var portal = await ConnectedAsync(Options(_broker, "portal") with { CleanStart = false }, ct);
        await portal.SubscribeAsync(Topics.FilterForAllGateways(TopicKind.Intervals), 1, ct);
        await using var gateway = await ConnectedAsync(GatewayOptions(), ct);
        var publisher = rig.Publisher(gateway);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        rig.Recorder.IntervalStored += (_, _) => publisher.Notify();
        var running = publisher.RunAsync(stop.Token);

        rig.RecordQuarters(SyncTestRig.Epoch, 10);
        _broker.Stop();
        rig.RecordQuarters(SyncTestRig.Epoch.AddMinutes(150), 290); // about three days while the broker is down
        _broker.Start();
        await portal.WaitForStatusAsync(s => s.State == MqttConnectionState.Connected && s.Connections == 2, ct);

        var received = new List<IntervalEnergyMessage>();
        while (received.DistinctBy(m => (m.GatewayId, m.MeterId, m.IntervalStart)).Count() < 300)
        {
            var message = await portal.Messages.ReadAsync(ct);
            var parsed = ContractParser.ParseInterval(message.Payload.Span);
            Assert.True(parsed.IsValid, parsed.Error?.ToString());
            received.Add(parsed.Value!);
        }

        // The portal can see the last message before the gateway has processed its PUBACK.
        while (rig.Store.Count() > 0)
        {
            await Task.Delay(20, ct);
        }

        await stop.CancelAsync();
        await running;

        // Deduplicated by the portal's key, every quarter-hour is there exactly once with its energy.
        var unique = received.DistinctBy(m => (m.GatewayId, m.MeterId, m.IntervalStart)).ToList();
        Assert.Equal(300, unique.Count);
        Assert.All(unique, m => Assert.Equal(100, m.ImportWh));
        var after = received.SkipWhile(m => m.IntervalStart < SyncTestRig.Epoch.AddMinutes(150)).Select(m => m.Sequence).ToList();
        Assert.Equal(after.Order(), after);
    }

    [Fact]
    public async Task An_unacknowledged_interval_is_published_after_a_restart_of_the_edge()
    {
        var ct = Within(10);
        var directory = Directory.CreateTempSubdirectory("edge-restart-").FullName;
        using (var before = new SyncTestRig(directory))
        {
            before.RecordQuarters(SyncTestRig.Epoch, 2);
        }

        using var after = new SyncTestRig(directory);
        await using var portal = await ConnectedAsync(Options(_broker, "portal"), ct);
        await portal.SubscribeAsync(Topics.FilterForAllGateways(TopicKind.Intervals), 1, ct);
        await using var gateway = await ConnectedAsync(GatewayOptions(), ct);

        Assert.Equal(2, await after.Publisher(gateway).DrainAsync(ct));

        var first = ContractParser.ParseInterval((await portal.Messages.ReadAsync(ct)).Payload.Span).Value!;
        var second = ContractParser.ParseInterval((await portal.Messages.ReadAsync(ct)).Payload.Span).Value!;
        Assert.Equal((1L, 2L), (first.Sequence, second.Sequence));

        // The baseline survived too: the next snapshot continues from it and the sequence keeps rising.
        after.RecordQuarters(SyncTestRig.Epoch.AddMinutes(30), 1);
        Assert.Equal(3, after.Store.Oldest(10).Single().Sequence);
    }
}
