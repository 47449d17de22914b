using Microsoft.Playwright;
using Portal.Commissioning;
using Portal.Contracts.Mqtt;
using Portal.Energy;
using Portal.Sites;
using Portal.Tests.Support;

namespace Portal.Tests.Browser;

/// <summary>The data-quality page in Chromium: the owner reaches it from their sites, sees a missing span and marks it reviewed.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DataQualityPageTests(BrowserFixture browser) : PortalPageTest(browser)
{
    [Fact]
    public async Task Owner_sees_a_missing_span_of_yesterday_and_marks_it_reviewed_with_a_note()
    {
        var site = await EnergySite.CreateAsync(Server.App.Services, SiteType.StandardRcp, ownerId: null,
            new EnergyMeter("grid", MeterRole.GridIntroduction), new EnergyMeter("apt-1", MeterRole.Consumer, "Apartment 1"));
        var owner = await Server.CreateOwnerOfAsync(site.SiteId);
        // Yesterday in Zurich, apt-1 reports at 10:00 and 11:00 local: 10:15 to 11:00 is missing (three quarter-hours).
        var zurich = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");
        var yesterday = EnergyBuckets.LocalDay(DateTime.UtcNow, zurich).AddDays(-1);
        var ten = EnergyBuckets.LocalMidnight(yesterday, zurich).AddHours(10);
        await site.DeliverAsync(("apt-1", ten, 100, 0), ("apt-1", ten + (QuarterHour.Length * 4), 100, 0));
        await site.BalanceAsync();

        await Page.SignInAsync(owner);
        await Page.ClickAsync("[data-test=data-quality-link]");
        await Page.WaitForURLAsync($"**/sites/{site.SiteId}/data-quality");
        await Assertions.Expect(Page.Locator("[data-test=quality-title]")).ToHaveAttributeAsync("data-interactive", "yes");
        await Page.ClickAsync("[data-test=period-previous]");

        var missing = Page.Locator("[data-test=finding][data-kind=MissingQuarterHours][data-meter=apt-1]").First;
        await Assertions.Expect(missing.Locator("[data-test=finding-count]")).ToHaveAttributeAsync("data-count", "3");
        await Assertions.Expect(missing.Locator("[data-test=finding-span]")).ToContainTextAsync("10:15");
        await Assertions.Expect(missing).ToHaveAttributeAsync("data-reviewed", "no");

        await missing.Locator("[data-test=review-start]").ClickAsync();
        await Page.FillFieldAsync("review-note-field", "Edge restarted for a firmware update.");
        await Page.ClickAsync("[data-test=review-save]");

        var reviewed = Page.Locator("[data-test=finding][data-kind=MissingQuarterHours][data-meter=apt-1]").First;
        await Assertions.Expect(reviewed).ToHaveAttributeAsync("data-reviewed", "yes");
        await Assertions.Expect(reviewed.Locator("[data-test=review-note]")).ToHaveTextAsync("Edge restarted for a firmware update.");
        await Assertions.Expect(reviewed.Locator("[data-test=review-by]")).ToContainTextAsync("Test Owner");
        await Assertions.Expect(reviewed.Locator("[data-test=finding-count]")).ToHaveAttributeAsync("data-count", "3");
    }
}
