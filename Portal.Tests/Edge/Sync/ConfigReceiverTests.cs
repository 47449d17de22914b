using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Contracts;
using Portal.Contracts.Mqtt;
using Portal.Edge.Sync;
using Portal.Messaging;
using Portal.Tests.Messaging;
using static Portal.Tests.Messaging.MqttTestClients;

namespace Portal.Tests.Edge.Sync;

public sealed class ConfigReceiverTests : IDisposable
{
    private readonly MosquittoBroker _broker = StartBroker();

    public void Dispose() => _broker.Dispose();

    private sealed class RecordingApplier : IGatewayConfigApplier
    {
        public List<long> Applied { get; } = [];

        public Task<ConfigApplyResult> ApplyAsync(GatewayConfigMessage config, CancellationToken cancellationToken)
        {
            if (config.Polling is { Meters.Count: 0 })
            {
                return Task.FromResult(ConfigApplyResult.Reject("no meters configured"));
            }

            Applied.Add(config.Version);
            return Task.FromResult(ConfigApplyResult.Ok);
        }
    }

    private static byte[] Config(long version, string polling = "{\"buses\":[],\"meters\":[{\"id\":\"m1\",\"model\":\"SDM630\",\"unitId\":1,\"busId\":\"b1\"}]}") => Encoding.UTF8.GetBytes(
        $"{{\"schema\":{ContractVersion.Current},\"version\":{version},\"issuedAt\":\"2026-11-21T10:00:00Z\",\"timeZone\":\"Europe/Zurich\",\"heartbeatSeconds\":60,\"polling\":{polling}}}");

    [Fact]
    public async Task Retained_config_is_applied_cached_and_acknowledged_and_bad_ones_are_rejected_with_a_reason()
    {
        var ct = Within(15);
        using var rig = new SyncTestRig();
        var applier = new RecordingApplier();
        await using var portal = await ConnectedAsync(Options(_broker, "portal"), ct);
        await portal.SubscribeAsync(Topics.FilterForAllGateways(TopicKind.ConfigAck), 1, ct);
        var configTopic = Topics.Build("s1", "gw-1", TopicKind.Config);
        await portal.PublishAsync(configTopic, Config(5), 1, retain: true, ct);

        await using var gateway = new MqttConnection(Options(_broker, "gw-1", GatewayUser, GatewayPassword) with { CleanStart = false });
        var receiver = new ConfigReceiver(gateway, applier, rig.Options, TimeProvider.System, NullLogger<ConfigReceiver>.Instance);
        await receiver.SubscribeAsync(ct);
        gateway.Start();

        await receiver.HandleAsync(await gateway.Messages.ReadAsync(ct), ct);
        var applied = ContractParser.ParseConfigAck((await portal.Messages.ReadAsync(ct)).Payload.Span).Value!;
        Assert.Equal((5L, ConfigOutcome.Applied), (applied.Version, applied.Outcome));
        Assert.Equal(Config(5), await File.ReadAllBytesAsync(rig.Options.ConfigCachePath, ct));

        await portal.PublishAsync(configTopic, Config(6, "{\"buses\":[],\"meters\":[]}"), 1, retain: true, ct);
        await receiver.HandleAsync(await gateway.Messages.ReadAsync(ct), ct);
        var rejected = ContractParser.ParseConfigAck((await portal.Messages.ReadAsync(ct)).Payload.Span).Value!;
        Assert.Equal((6L, ConfigOutcome.Rejected, "no meters configured"), (rejected.Version, rejected.Outcome, rejected.Reason));

        await portal.PublishAsync(configTopic, Encoding.UTF8.GetBytes("{\"schema\":1,\"version\":\"seven\"}"), 1, retain: true, ct);
        await receiver.HandleAsync(await gateway.Messages.ReadAsync(ct), ct);
        var unreadable = ContractParser.ParseConfigAck((await portal.Messages.ReadAsync(ct)).Payload.Span).Value!;
        Assert.Equal(ConfigOutcome.Rejected, unreadable.Outcome);
        Assert.Contains("MalformedJson", unreadable.Reason, StringComparison.Ordinal);

        Assert.Equal([5L], applier.Applied);
        Assert.Equal(5, receiver.AppliedVersion);
        Assert.Equal(Config(5), await File.ReadAllBytesAsync(rig.Options.ConfigCachePath, ct));
    }

    [Fact]
    public async Task On_start_the_cached_config_is_applied_without_a_broker()
    {
        var ct = Within(5);
        using var rig = new SyncTestRig();
        await File.WriteAllBytesAsync(rig.Options.ConfigCachePath, Config(9), ct);
        _broker.Kill();
        var applier = new RecordingApplier();
        await using var gateway = new MqttConnection(Options(_broker, "gw-1", GatewayUser, GatewayPassword));
        var receiver = new ConfigReceiver(gateway, applier, rig.Options, TimeProvider.System, NullLogger<ConfigReceiver>.Instance);

        Assert.True(await receiver.ApplyCachedAsync(ct));
        Assert.Equal([9L], applier.Applied);
        Assert.Equal(9, receiver.AppliedVersion);
    }
}
