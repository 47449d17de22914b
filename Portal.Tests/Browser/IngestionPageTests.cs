using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Accounts;
using Portal.Telemetry;
using Portal.Tests.Support;

namespace Portal.Tests.Browser;

/// <summary>The administrator's Ingestion page in Chromium: what the ingestion counted, updated while the page stays open.</summary>
[Collection(BrowserCollection.Name)]
public sealed class IngestionPageTests(BrowserFixture browser) : PortalPageTest(browser)
{
    [Fact]
    public async Task Administrator_sees_a_rejected_message_counted_by_reason_without_reloading_the_page()
    {
        await Page.SignInAsync(await Server.CreateAccountAsync(Roles.Administrator));
        await Page.ClickAsync("[data-test=drawer] [data-test=nav-ingestion]");
        await Page.WaitForURLAsync("**/admin/ingestion");
        await Assertions.Expect(Page.Locator("[data-test=ingestion]")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("[data-test=no-rejections]")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("[data-test=rejected]")).ToHaveTextAsync("0");
        await Assertions.Expect(Page.Locator("[data-test=telemetry-state]")).ToHaveAttributeAsync("data-on", "false");
        await Assertions.Expect(Page.Locator("[data-test=check-database]")).ToHaveAttributeAsync("data-healthy", "true");
        await Assertions.Expect(Page.Locator("[data-test=check-broker]")).ToHaveAttributeAsync("data-healthy", "true");
        // A marker that a reload or a navigation would wipe out.
        await Page.EvaluateAsync("() => window.portalTestMarker = 'still here'");

        // The ingestion's rewrite is under way elsewhere: count the way it does, through its statistics.
        var statistics = Server.App.Services.GetRequiredService<IngestionStatistics>();
        statistics.CountRejected("malformed payload");

        var malformed = Page.Locator("[data-test=rejected-count][data-reason='malformed payload']");
        await Assertions.Expect(malformed).ToHaveTextAsync("1");
        await Assertions.Expect(Page.Locator("[data-test=rejected]")).ToHaveTextAsync("1");

        for (var i = 0; i < 1233; i++)
        {
            statistics.CountRejected("malformed payload");
        }

        // Grouped the way the portal's default language (en-CH; the browser's en-GB is not offered) writes numbers.
        await Assertions.Expect(malformed).ToHaveTextAsync("1’234");
        Assert.Equal("still here", await Page.EvaluateAsync<string>("() => window.portalTestMarker"));

        await Page.ClickAsync("[data-culture=de-CH]");
        await Assertions.Expect(Page.Locator("[data-test=ingestion]")).ToHaveTextAsync("Datenempfang");
        await Assertions.Expect(Page.Locator("[data-test=rejected-count][data-reason='malformed payload']")).ToHaveTextAsync("1’234");
        await Page.ClickAsync("[data-culture=fr-CH]");
        await Assertions.Expect(Page.Locator("[data-test=ingestion]")).ToHaveTextAsync("Réception des données");
        // ICU writes French groups with a narrow no-break space.
        await Assertions.Expect(Page.Locator("[data-test=rejected-count][data-reason='malformed payload']")).ToHaveTextAsync("1\u202F234");
    }
}
