using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Accounts;
using Portal.Contracts.Mqtt;
using Portal.Localization;
using Portal.Telemetry;
using Portal.Tests.Support;

namespace Portal.Tests.Browser;

/// <summary>The gateways page in Chromium: the owner reaches it from their sites, it follows the gateway without a reload, and nobody else opens it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class GatewaysPageTests(BrowserFixture browser) : PortalPageTest(browser)
{
    [Fact]
    public async Task Owner_follows_the_sites_gateway_without_reloading_and_another_owner_is_refused_by_url()
    {
        var site = await TelemetrySite.CreateAsync(Server.App.Services, gatewayId: "gw-page", meters: 2);
        var owner = await Server.CreateOwnerOfAsync(site.SiteId);

        await Page.SignInAsync(owner);
        await Page.ClickAsync("[data-test=gateways-link]");
        await Page.WaitForURLAsync($"**/sites/{site.SiteId}/gateways");
        await Assertions.Expect(Page.Locator("[data-test=gateways-title]")).ToHaveAttributeAsync("data-interactive", "yes");
        var gateway = Page.Locator("[data-test=gateway][data-gateway=gw-page]");
        await Assertions.Expect(gateway.Locator("[data-test=gateway-name]")).ToHaveTextAsync("Cabinet");
        await Assertions.Expect(gateway.Locator("[data-test=gateway-state]")).ToHaveTextAsync("offline");
        await Assertions.Expect(gateway.Locator("[data-test=silent-meter]")).ToHaveCountAsync(2);
        await Page.EvaluateAsync("() => window.portalTestMarker = 'still here'");

        // The gateway comes online and both meters answer: the page shows it at its next refresh, without a reload.
        var measured = DateTimeOffset.UtcNow;
        await Server.App.Services.GetRequiredService<TelemetryIngestion>().IngestAsync(
            [site.Status(GatewayState.Online, measured, backlog: 3), .. site.MeterIds.Select(m => site.Live(m, measured, 700m))], default);

        var refresh = new LocatorAssertionsToHaveTextOptions { Timeout = 20_000 };
        await Assertions.Expect(gateway.Locator("[data-test=gateway-state]")).ToHaveTextAsync("online", refresh);
        await Assertions.Expect(gateway.Locator("[data-test=silent-meter]")).ToHaveCountAsync(0);
        await Assertions.Expect(gateway.Locator("[data-test=state-since]")).ToContainTextAsync("online since");
        await Assertions.Expect(gateway.Locator("[data-test=backlog]")).ToContainTextAsync("3");
        // In the site's time zone and the portal's default en-CH, not the server's UTC.
        var zurich = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");
        await Assertions.Expect(gateway.Locator("[data-test=last-live]")).ToHaveTextAsync(PortalCultures.LocalDateTime(measured, zurich, new CultureInfo("en-CH")));
        Assert.Equal("still here", await Page.EvaluateAsync<string>("() => window.portalTestMarker"));

        await Page.ClickAsync("[data-test=sign-out]");
        await Page.WaitForURLAsync("**/account/login**");
        var stranger = await Server.CreateAccountAsync(Roles.Owner);
        await Server.CreateOwnedSiteAsync(stranger);
        await Page.SignInAsync(stranger);
        await Page.GotoAsync($"/sites/{site.SiteId}/gateways");
        await Assertions.Expect(Page.Locator("[data-test=site-not-found]")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("[data-test=gateway]")).ToHaveCountAsync(0);
    }
}
