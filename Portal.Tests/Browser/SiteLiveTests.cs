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
        await Assertions.Expect(_page.Locator($"[data-test=power-{meter}]")).ToHaveTextAsync("1,234 W");
        await ingestion.IngestAsync([_site.Live(meter, DateTimeOffset.UtcNow.AddSeconds(1), -560m)], default);

        await Assertions.Expect(_page.Locator($"[data-test=power-{meter}]")).ToHaveTextAsync("-560 W");
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

    private async Task MakeOwnerAsync(string email)
    {
        await using var db = await _server.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var owner = await db.Users.SingleAsync(u => u.Email == email);
        var site = await db.Sites.SingleAsync(s => s.Id == _site.SiteId);
        site.OwnerId = owner.Id;
        await db.SaveChangesAsync();
    }
}
