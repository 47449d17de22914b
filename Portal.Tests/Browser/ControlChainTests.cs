using Microsoft.Playwright;
using Portal.Contracts.Control;
using Portal.Simulator;
using Portal.Tests.Support;
using MeterRole = Portal.Sites.MeterRole;

namespace Portal.Tests.Browser;

/// <summary>
/// The whole chain in Chromium (issue 11): the owner sets a relay to Manual and switches it on in the portal; the
/// retained overrides reach the real edge through mosquitto, the edge writes the simulated WP8024's coil over
/// Modbus TCP, and the decision comes back to the portal's timeline.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ControlChainTests(BrowserFixture browser) : IAsyncLifetime
{
    private TelemetryChain _chain = null!;
    private IBrowserContext _context = null!;
    private Guid _siteId;

    public async Task InitializeAsync()
    {
        // Real time: "within 3 s" is the owner's wall clock.
        _chain = new TelemetryChain(DateTimeOffset.UtcNow, speed: 1, meters: 2, siteId: TelemetryChain.NewPortalSiteId(), seed: 5, standInIntervals: false,
            relayModules: [new SimulatedRelayModuleOptions(0, 20, [.. Enumerable.Repeat(new SimulatedRelayLoad(2000, [Phase.L1]), 4)])]);
        _siteId = Guid.ParseExact(_chain.SiteId, "N");
        await _chain.StartPortalAsync(roleOf: unit => unit == 1 ? MeterRole.GridIntroduction : MeterRole.PvProduction, siteName: "Controlled site");
        await _chain.StartEdgeAsync();
        _context = await browser.NewContextAsync(_chain.Portal, 30_000);
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _chain.DisposeAsync();
    }

    [Fact]
    public async Task The_owner_switches_a_Manual_relay_on_and_the_simulated_coil_follows_within_3_seconds_and_the_timeline_shows_it()
    {
        var page = await _context.NewPageAsync();
        await page.SignInAsync(await _chain.Portal.CreateOwnerOfAsync(_siteId));
        await page.GotoAsync($"/sites/{_siteId}/control");
        await Assertions.Expect(page.Locator("[data-test=control-title]")).ToHaveAttributeAsync("data-interactive", "yes");

        await page.ClickAsync("[data-test=add-module]");
        await page.FillFieldAsync("module-unit", "20");
        await page.ClickAsync("[data-test=save-module]");
        await Assertions.Expect(page.Locator("[data-test=module-row]")).ToHaveCountAsync(1);
        await page.ClickAsync("[data-test=add-relay]");
        await page.FillFieldAsync("relay-appliance", "Boiler");
        await page.ClickAsync("[data-test=relay-mode]");
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Manual" }).First.ClickAsync();
        await page.ClickAsync("[data-test=save-relay]");
        await Assertions.Expect(page.Locator("[data-test=relay-row]")).ToHaveCountAsync(1);

        // The installer's "Review and push": the edge applies the module and the relay.
        await _chain.PublishPortalConfigAsync(waitUntilApplied: true);
        var coil = _chain.Simulation.RelayModule(0, 20)!;
        Assert.False(coil.Coils[0]);

        await page.ClickAsync("[data-test=manual-switch]");
        var switchedAt = DateTime.UtcNow;
        while (!coil.Coils[0] && DateTime.UtcNow - switchedAt < TimeSpan.FromSeconds(3))
        {
            await Task.Delay(50);
        }

        Assert.True(coil.Coils[0], "the simulated coil did not switch on within 3 s of the owner's click");
        await Assertions.Expect(page.Locator("[data-test=timeline-entry]").First).ToContainTextAsync("Boiler", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("[data-test=timeline-entry]").First).ToContainTextAsync("switched on · switched in the portal", new() { Timeout = 10_000 });
    }
}
