using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Accounts;
using Portal.Data;
using Portal.Telemetry;
using Portal.Tests.Support;

namespace Portal.Tests.Browser;

/// <summary>The site page shows live meter values as they arrive, without a reload, and only to those allowed.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SiteLiveTests(BrowserFixture browser) : IAsyncLifetime
{
    private PortalServer _server = null!;
    private IBrowserContext _context = null!;
    private IPage _page = null!;
    private TelemetrySite _site = null!;

    public async Task InitializeAsync()
    {
        _server = await PortalServer.StartAsync();
        _site = await TelemetrySite.CreateAsync(_server.App.Services, meters: 2);
        _context = await browser.NewContextAsync(_server);
        _page = await _context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Owner_sees_live_power_change_on_the_open_site_page_without_reloading()
    {
        var owner = await _server.CreateAccountAsync(Roles.Owner);
        await MakeOwnerAsync(owner);
        await _page.SignInAsync(owner);
        await _page.ClickAsync("[data-test=site-link]");
        await Assertions.Expect(_page.Locator("[data-test=site-name]")).ToHaveTextAsync(_site.Name());
        var meter = _site.MeterIds[0];
        await Assertions.Expect(_page.Locator($"[data-test=power-{meter}]")).ToHaveTextAsync("–");
        var ingestion = _server.App.Services.GetRequiredService<TelemetryIngestion>();

        await ingestion.IngestAsync([_site.Live(meter, DateTimeOffset.UtcNow, 1234m)], default);
        await Assertions.Expect(_page.Locator($"[data-test=power-{meter}]")).ToHaveTextAsync("1’234 W"); // the portal's default en-CH (the browser's en-GB is not offered)
        await ingestion.IngestAsync([_site.Live(meter, DateTimeOffset.UtcNow.AddSeconds(1), -560m)], default);

        await Assertions.Expect(_page.Locator($"[data-test=power-{meter}]")).ToHaveTextAsync("-560 W");
    }

    [Theory]
    [InlineData("fr-CH", "Passerelles", "Compteurs")]
    [InlineData("de-CH", "Gateways", "Zähler")]
    public async Task Live_updates_keep_the_page_in_the_users_language_and_formats(string culture, string gatewaysHeading, string metersHeading)
    {
        var owner = await _server.CreateAccountAsync(Roles.Owner);
        await MakeOwnerAsync(owner);
        var lastSeen = new DateTimeOffset(2026, 11, 28, 9, 5, 0, TimeSpan.Zero);
        await SetLastSeenAsync(lastSeen);
        await _page.SignInAsync(owner);
        await _page.GotoAsync($"/sites/{_site.SiteId}");
        await _page.ClickAsync($"[data-culture={culture}]");
        await Assertions.Expect(_page.Locator("[data-test=gateways-heading]")).ToHaveTextAsync(gatewaysHeading);
        var format = new CultureInfo(culture);
        var meter = _site.MeterIds[0];
        var ingestion = _server.App.Services.GetRequiredService<TelemetryIngestion>();

        // Two updates: the first render after a push and a later one must both stay in the user's culture.
        await ingestion.IngestAsync([_site.Live(meter, DateTimeOffset.UtcNow, 1234m, importWh: 1_087_300)], default);
        await Assertions.Expect(_page.Locator($"[data-test=power-{meter}]")).ToHaveTextAsync(1234m.ToString("N0", format) + " W");
        await ingestion.IngestAsync([_site.Live(meter, DateTimeOffset.UtcNow.AddSeconds(1), 2345m, importWh: 1_087_400)], default);
        await Assertions.Expect(_page.Locator($"[data-test=power-{meter}]")).ToHaveTextAsync(2345m.ToString("N0", format) + " W");

        // "1 087,4 kWh" (fr-CH) or "1’087.4 kWh" (de-CH), never "1,087.4 kWh"; dates day first.
        await Assertions.Expect(_page.Locator($"[data-test=import-{meter}]")).ToHaveTextAsync(1087.4m.ToString("N1", format) + " kWh");
        Assert.NotEqual("1,087.4 kWh", await _page.Locator($"[data-test=import-{meter}]").TextContentAsync());
        // Day first, dots (never "12/01/2026"); each update moves the gateway's "last seen" to now.
        await Assertions.Expect(_page.Locator("[data-test=last-seen]")).ToContainTextAsync(new Regex(@"\b\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}\b"));
        await Assertions.Expect(_page.Locator("[data-test=gateways-heading]")).ToHaveTextAsync(gatewaysHeading);
        await Assertions.Expect(_page.GetByRole(AriaRole.Heading, new() { Name = metersHeading, Exact = true })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Owner_of_another_site_and_residents_cannot_open_the_site_page()
    {
        await _page.SignInAsync(await _server.CreateAccountAsync(Roles.Owner));
        await _page.GotoAsync($"/sites/{_site.SiteId}");
        await Assertions.Expect(_page.Locator("[data-test=site-not-found]")).ToBeVisibleAsync();
        await Assertions.Expect(_page.Locator("[data-test=meters]")).ToHaveCountAsync(0);

        await _page.ClickAsync("[data-test=sign-out]");
        await _page.WaitForURLAsync("**/account/login**");
        await _page.SignInAsync(await _server.CreateAccountAsync(Roles.Resident));
        await _page.GotoAsync($"/sites/{_site.SiteId}");
        await Assertions.Expect(_page.Locator("[data-test=access-denied]")).ToBeVisibleAsync();
    }

    private async Task SetLastSeenAsync(DateTimeOffset seen)
    {
        await using var db = await _server.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var gateway = await db.Gateways.SingleAsync(g => g.Id == _site.GatewayId);
        gateway.LastSeenUtc = seen.UtcDateTime;
        await db.SaveChangesAsync();
    }

    private async Task MakeOwnerAsync(string email)
    {
        await using var db = await _server.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var owner = await db.Users.SingleAsync(u => u.Email == email);
        var site = await db.Sites.SingleAsync(s => s.Id == _site.SiteId);
        site.OwnerId = owner.Id;
        await db.SaveChangesAsync();
    }
}
