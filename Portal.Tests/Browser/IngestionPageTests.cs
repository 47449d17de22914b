using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Accounts;
using Portal.Telemetry;
using Portal.Tests.Support;

namespace Portal.Tests.Browser;

/// <summary>The administrator's Ingestion page in Chromium: what the ingestion counted, updated while the page stays open.</summary>
[Collection(BrowserCollection.Name)]
public sealed class IngestionPageTests(BrowserFixture browser) : IAsyncLifetime
{
    private PortalServer _server = null!;
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        _server = await PortalServer.StartAsync();
        _context = await browser.NewContextAsync(_server);
        _page = await _context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Administrator_sees_a_rejected_message_counted_by_reason_without_reloading_the_page()
    {
        await _page.SignInAsync(await _server.CreateAccountAsync(Roles.Administrator));
        await _page.ClickAsync("[data-test=drawer] [data-test=nav-ingestion]");
        await _page.WaitForURLAsync("**/admin/ingestion");
        await Assertions.Expect(_page.Locator("[data-test=ingestion]")).ToBeVisibleAsync();
        await Assertions.Expect(_page.Locator("[data-test=no-rejections]")).ToBeVisibleAsync();
        await Assertions.Expect(_page.Locator("[data-test=rejected]")).ToHaveTextAsync("0");
        await Assertions.Expect(_page.Locator("[data-test=telemetry-state]")).ToHaveAttributeAsync("data-on", "false");
        await Assertions.Expect(_page.Locator("[data-test=check-database]")).ToHaveAttributeAsync("data-healthy", "true");
        await Assertions.Expect(_page.Locator("[data-test=check-broker]")).ToHaveAttributeAsync("data-healthy", "true");
        // A marker that a reload or a navigation would wipe out.
        await _page.EvaluateAsync("() => window.portalTestMarker = 'still here'");

        // The ingestion's rewrite is under way elsewhere: count the way it does, through its statistics.
        var statistics = _server.App.Services.GetRequiredService<IngestionStatistics>();
        statistics.CountRejected("malformed payload");

        var malformed = _page.Locator("[data-test=rejected-count][data-reason='malformed payload']");
        await Assertions.Expect(malformed).ToHaveTextAsync("1");
        await Assertions.Expect(_page.Locator("[data-test=rejected]")).ToHaveTextAsync("1");

        for (var i = 0; i < 1233; i++)
        {
            statistics.CountRejected("malformed payload");
        }

        // Grouped the way the portal's default language (en-CH; the browser's en-GB is not offered) writes numbers.
        await Assertions.Expect(malformed).ToHaveTextAsync("1’234");
        Assert.Equal("still here", await _page.EvaluateAsync<string>("() => window.portalTestMarker"));

        await _page.ClickAsync("[data-culture=de-CH]");
        await Assertions.Expect(_page.Locator("[data-test=ingestion]")).ToHaveTextAsync("Datenempfang");
        await Assertions.Expect(_page.Locator("[data-test=rejected-count][data-reason='malformed payload']")).ToHaveTextAsync("1’234");
        await _page.ClickAsync("[data-culture=fr-CH]");
        await Assertions.Expect(_page.Locator("[data-test=ingestion]")).ToHaveTextAsync("Réception des données");
        // ICU writes French groups with a narrow no-break space.
        await Assertions.Expect(_page.Locator("[data-test=rejected-count][data-reason='malformed payload']")).ToHaveTextAsync("1\u202F234");
    }
}
