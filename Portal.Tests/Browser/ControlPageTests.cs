using Portal.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Contracts.Control;
using Portal.Contracts.Mqtt;
using Portal.Messaging;
using Portal.Telemetry;
using Portal.Tests.Control;
using Portal.Tests.Messaging;
using Portal.Tests.Support;

namespace Portal.Tests.Browser;

/// <summary>The control page in Chromium against a real broker: the owner sets up a relay, meets a refusal, and switches a Manual relay.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ControlPageTests(BrowserFixture browser) : IAsyncLifetime
{
    private MosquittoBroker _broker = null!;
    private PortalServer _server = null!;
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        _broker = MqttTestClients.StartBroker();
        _server = await PortalServer.StartWithBrokerAsync(_broker);
        using var connected = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _server.App.Services.GetRequiredService<PortalBroker>().Client.WaitForStatusAsync(s => s.State == MqttConnectionState.Connected, connected.Token);
        _context = await browser.NewContextAsync(_server);
        _page = await _context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _server.DisposeAsync();
        _broker.Dispose();
    }

    [Fact]
    public async Task The_owner_adds_a_module_and_a_Manual_relay_is_refused_an_impossible_zone_and_switches_the_relay_on_for_the_gateway()
    {
        var site = await ControlTestSite.CreateAsync(_server, MqttTestClients.GatewayUser);
        await _page.SignInAsync(site.OwnerEmail);
        await _page.ClickAsync("[data-test=control-link]");
        await _page.WaitForURLAsync($"**/sites/{site.Site.SiteId}/control");
        await Assertions.Expect(_page.Locator("[data-test=control-title]")).ToHaveAttributeAsync("data-interactive", "yes");

        await _page.ClickAsync("[data-test=add-module]");
        await _page.FillFieldAsync("module-unit", "20");
        await _page.ClickAsync("[data-test=save-module]");
        await Assertions.Expect(_page.Locator("[data-test=module-row]")).ToHaveCountAsync(1);

        await _page.ClickAsync("[data-test=add-relay]");
        await _page.FillFieldAsync("relay-appliance", "Boiler");
        await _page.ClickAsync("[data-test=relay-mode]");
        await _page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Manual" }).First.ClickAsync();
        await _page.ClickAsync("[data-test=save-relay]");
        await Assertions.Expect(_page.Locator("[data-test=relay-row]")).ToHaveCountAsync(1);

        // An impossible EV zone: refused with the figures, in the page, before anything is pushed.
        await _page.ClickAsync("[data-test=zone-enabled]");
        await _page.FillFieldAsync("zone-max", "5000");
        await _page.FillFieldAsync("zone-min", "6000");
        await _page.ClickAsync("[data-test=save-settings]");
        await Assertions.Expect(_page.Locator("[data-test=control-error]")).ToHaveTextAsync("The minimum zone power (6000 W) is above the maximum (5000 W).");

        // The Manual relay's switch: the gateway finds "on" in the retained overrides.
        await _page.ClickAsync("[data-test=manual-switch]");
        var relayId = await _page.Locator("[data-test=relay-row]").GetAttributeAsync("data-relay");
        var overrides = await RetainedOverridesAsync(site, o => o is { ManualRelays: [{ On: true }] });
        Assert.Equal([new ManualRelayState(relayId!, true)], overrides!.ManualRelays);
    }

    [Fact]
    public async Task The_owner_presses_charge_now_the_retained_overrides_carry_it_the_page_shows_it_active_and_it_can_be_ended()
    {
        var site = await ControlTestSite.CreateAsync(_server, MqttTestClients.GatewayUser);
        await site.AddChargerAsync("cp-garage");
        await _page.SignInAsync(site.OwnerEmail);
        await _page.GotoAsync($"/sites/{site.Site.SiteId}/control");
        await Assertions.Expect(_page.Locator("[data-test=control-title]")).ToHaveAttributeAsync("data-interactive", "yes");
        await Assertions.Expect(_page.Locator("[data-test=charger-row]")).ToHaveCountAsync(1);

        await _page.FillFieldAsync("charge-now-hours", "3");
        var pressed = DateTimeOffset.UtcNow;
        await _page.ClickAsync("[data-test=charge-now]");

        var started = await RetainedOverridesAsync(site, o => o.ChargeNow.Count > 0);
        var chargeNow = Assert.Single(started!.ChargeNow);
        Assert.Equal("cp-garage", chargeNow.ChargerId);
        Assert.InRange(chargeNow.Until, pressed.AddHours(3).AddMinutes(-1), pressed.AddHours(3).AddMinutes(1));
        await Assertions.Expect(_page.Locator("[data-test=charge-now-end]")).ToBeVisibleAsync();
        await Assertions.Expect(_page.Locator("[data-test=charge-now]")).ToHaveCountAsync(0);

        await _page.ClickAsync("[data-test=charge-now-end]");

        var ended = await RetainedOverridesAsync(site, o => o.Version > started.Version);
        Assert.Empty(ended!.ChargeNow);
        await Assertions.Expect(_page.Locator("[data-test=charge-now]")).ToBeVisibleAsync();
        await Assertions.Expect(_page.Locator("[data-test=charge-now-end]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task In_French_the_timeline_words_a_decision_s_figures_in_French_with_French_numbers()
    {
        var site = await ControlTestSite.CreateAsync(_server, MqttTestClients.GatewayUser);
        var relayId = await site.AddModuleAndRelayAsync(RelayMode.AutoSolar);
        await _context.AddCookiesAsync([new Cookie { Name = ".AspNetCore.Culture", Value = "c=fr-CH|uic=fr-CH", Url = _server.BaseAddress.ToString() }]);
        await _page.SignInAsync(site.OwnerEmail);
        await _page.GotoAsync($"/sites/{site.Site.SiteId}/control");
        await Assertions.Expect(_page.Locator("[data-test=control-title]")).ToHaveAttributeAsync("data-interactive", "yes");
        await Assertions.Expect(_page.Locator("[data-test=timeline-empty]")).ToBeVisibleAsync();

        // What the edge publishes when the boiler loses its surplus (seed 003 figures in Wh, as on the wire).
        await using var gateway = await MqttTestClients.ConnectedAsync(
            MqttTestClients.Options(_broker, $"gw-{Guid.NewGuid():N}", MqttTestClients.GatewayUser, MqttTestClients.GatewayPassword), MqttTestClients.Within(20));
        var decision = new ControlDecisionMessage(ContractVersion.Current, site.Site.GatewayId, 1, DateTimeOffset.UtcNow,
        [
            new ControlAction(ControlTargetKind.Relay, relayId, DecisionReason.NoSurplus, On: false, Detail: "surplus 1200 W, needs 3000 W",
                Figures: [new(FigureKind.SurplusW, 1200m), new(FigureKind.NeedW, 3000m), new(FigureKind.GridEnergyWh, 650m)]),
        ]);
        await gateway.PublishAsync(site.Site.Topic(TopicKind.ControlDecisions), ContractParser.Serialize(decision), 1, false, default);

        var entry = _page.Locator("[data-test=timeline-entry]").First;
        var group = new System.Globalization.CultureInfo("fr-CH").NumberFormat.NumberGroupSeparator;
        await Assertions.Expect(entry).ToContainTextAsync(
            $"Boiler · coupé · pas de surplus solaire (surplus 1{group}200 W, besoin 3{group}000 W, 0,65 kWh au point de raccordement)", new() { Timeout = 15_000 });
        Assert.DoesNotContain("needs", await entry.TextContentAsync(), StringComparison.Ordinal);
    }

    /// <summary>The retained overrides a gateway connecting now receives, once <paramref name="until"/> holds (within 15 s).</summary>
    private async Task<ControlOverridesMessage?> RetainedOverridesAsync(ControlTestSite site, Func<ControlOverridesMessage, bool> until)
    {
        var topic = site.Site.Topic(TopicKind.ControlOverrides);
        ControlOverridesMessage? overrides = null;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline && (overrides is null || !until(overrides)))
        {
            await using var gateway = await MqttTestClients.ConnectedAsync(
                MqttTestClients.Options(_broker, $"gw-{Guid.NewGuid():N}", MqttTestClients.GatewayUser, MqttTestClients.GatewayPassword), MqttTestClients.Within(20), topic);
            try
            {
                overrides = ContractParser.ParseControlOverrides((await gateway.NextOnAsync(topic, MqttTestClients.Within(2))).Payload.Span).Value;
            }
            catch (OperationCanceledException)
            {
                // Not published yet.
            }
        }

        Assert.True(overrides is not null && until(overrides), $"the retained overrides never matched; last: {overrides}");
        return overrides;
    }
}
