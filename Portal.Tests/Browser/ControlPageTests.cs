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
        var topic = site.Site.Topic(TopicKind.ControlOverrides);
        var relayId = await _page.Locator("[data-test=relay-row]").GetAttributeAsync("data-relay");
        ControlOverridesMessage? overrides = null;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline && overrides is not { ManualRelays: [{ On: true }] })
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

        Assert.Equal([new ManualRelayState(relayId!, true)], overrides!.ManualRelays);
    }
}
