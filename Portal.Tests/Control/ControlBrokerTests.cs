using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Commissioning;
using Portal.Contracts;
using Portal.Contracts.Control;
using Portal.Contracts.Mqtt;
using Portal.Messaging;
using Portal.Telemetry;
using Portal.Tests.Messaging;
using Portal.Tests.Support;

namespace Portal.Tests.Control;

/// <summary>Control through a real mosquitto: the pushed config's control section, the retained overrides, and decisions and state from the gateway.</summary>
public sealed class ControlBrokerTests : IAsyncLifetime
{
    private MosquittoBroker _broker = null!;
    private PortalServer _server = null!;
    private ControlTestSite _site = null!;

    public async Task InitializeAsync()
    {
        _broker = MqttTestClients.StartBroker();
        _server = await PortalServer.StartWithBrokerAsync(_broker);
        using var connected = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _server.App.Services.GetRequiredService<PortalBroker>().Client.WaitForStatusAsync(s => s.State == MqttConnectionState.Connected, connected.Token);
        _site = await ControlTestSite.CreateAsync(_server, MqttTestClients.GatewayUser);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _broker.Dispose();
    }

    private Task<MqttConnection> GatewayAsync(params string[] topics) =>
        MqttTestClients.ConnectedAsync(MqttTestClients.Options(_broker, $"gw-{Guid.NewGuid():N}", MqttTestClients.GatewayUser, MqttTestClients.GatewayPassword), MqttTestClients.Within(20), topics);

    [Fact]
    public async Task The_pushed_retained_configuration_carries_the_control_section()
    {
        var relayId = await _site.AddModuleAndRelayAsync(RelayMode.AutoSolar);
        await using (var scope = _server.App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SiteCommissioning>().PushAsync(_site.Site.SiteId);
        }

        // A gateway connecting afterwards gets the retained configuration.
        await using var gateway = await GatewayAsync(_site.Site.Topic(TopicKind.Config));
        var config = ContractParser.ParseConfig((await gateway.NextOnAsync(_site.Site.Topic(TopicKind.Config), MqttTestClients.Within(20))).Payload.Span).Value!;

        Assert.Equal(relayId, Assert.Single(config.Control!.Relays).Id);
        Assert.Equal([_site.Site.MeterIds[0]], config.Control.GridMeterIds);
        Assert.Empty(ControlConfigValidator.Check(config.Control, config.Polling));
    }

    [Fact]
    public async Task Switching_a_Manual_relay_publishes_the_whole_overrides_retained_with_a_rising_version()
    {
        var relayId = await _site.AddModuleAndRelayAsync(RelayMode.Manual);
        var topic = _site.Site.Topic(TopicKind.ControlOverrides);

        Assert.Empty(await _site.WithSettingsAsync(s => s.SwitchManualAsync(_site.Owner, _site.Site.SiteId, _site.Site.GatewayId, relayId, on: true)));
        await using (var gateway = await GatewayAsync(topic))
        {
            var first = ContractParser.ParseControlOverrides((await gateway.NextOnAsync(topic, MqttTestClients.Within(20))).Payload.Span).Value!;
            Assert.Equal([new ManualRelayState(relayId, true)], first.ManualRelays);
            Assert.Equal(1, first.Version);
        }

        Assert.Empty(await _site.WithSettingsAsync(s => s.SwitchManualAsync(_site.Owner, _site.Site.SiteId, _site.Site.GatewayId, relayId, on: false)));
        await using (var late = await GatewayAsync(topic))
        {
            var retained = ContractParser.ParseControlOverrides((await late.NextOnAsync(topic, MqttTestClients.Within(20))).Payload.Span).Value!;
            Assert.Equal([new ManualRelayState(relayId, false)], retained.ManualRelays);
            Assert.Equal(2, retained.Version);
        }

        var stored = await _site.WithDbAsync(db => db.GatewayControlSettings.SingleAsync());
        Assert.Equal(2, stored.OverridesVersion);
    }

    [Fact]
    public async Task Decisions_are_stored_once_the_state_is_kept_and_a_malformed_message_is_counted_without_harm()
    {
        var relayId = await _site.AddModuleAndRelayAsync(RelayMode.AutoSolar);
        await using var gateway = await GatewayAsync();
        var at = DateTimeOffset.UtcNow.AddSeconds(-5);
        var decision = ContractParser.Serialize(new ControlDecisionMessage(ContractVersion.Current, _site.Site.GatewayId, 7, at,
            [new ControlAction(ControlTargetKind.Relay, relayId, DecisionReason.SolarSurplus, On: true, Figures: [new(FigureKind.SurplusW, 3400m), new(FigureKind.NeedW, 3000m)]), new ControlAction(ControlTargetKind.Charger, "cp-1", DecisionReason.BelowFloor, LimitA: 0, Phases: 3)]));
        var state = ContractParser.Serialize(new ControlStateMessage(ContractVersion.Current, _site.Site.GatewayId, at, false, RippleMode.Normal,
            [new RelayState(relayId, true, DecisionReason.SolarSurplus, at)], []));
        var statistics = _server.App.Services.GetRequiredService<IngestionStatistics>();
        var rejectedBefore = statistics.Rejected;

        await gateway.PublishAsync(_site.Site.Topic(TopicKind.ControlDecisions), "{\"schema\":1,\"gatewayId\":"u8.ToArray(), 1, false, default);
        await gateway.PublishAsync(_site.Site.Topic(TopicKind.ControlDecisions), decision, 1, false, default);
        await gateway.PublishAsync(_site.Site.Topic(TopicKind.ControlDecisions), decision, 1, false, default);
        await gateway.PublishAsync(_site.Site.Topic(TopicKind.ControlState), state, 1, true, default);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && !await _site.WithDbAsync(db => db.ControlStates.AnyAsync()))
        {
            await Task.Delay(100);
        }

        var decisions = await _site.WithDbAsync(db => db.ControlDecisions.OrderBy(d => d.ActionIndex).ToListAsync());
        Assert.Equal(2, decisions.Count);
        Assert.Equal((7L, relayId, DecisionReason.SolarSurplus, (bool?)true), (decisions[0].Sequence, decisions[0].TargetId, decisions[0].Reason, decisions[0].On));
        Assert.Equal([new(FigureKind.SurplusW, 3400m), new(FigureKind.NeedW, 3000m)], decisions[0].Figures!);
        Assert.Null(decisions[1].Figures);
        Assert.Equal((decimal?)0, decisions[1].LimitA);
        Assert.Equal(rejectedBefore + 1, statistics.Rejected);
        var view = await _site.WithSettingsAsync(s => s.ForAsync(_site.Owner, _site.Site.SiteId));
        var shown = Assert.Single(view!.Gateways);
        Assert.True(Assert.Single(shown.State!.Relays).On);
        Assert.Equal(2, shown.Timeline.Count);
    }
}
