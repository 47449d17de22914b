using System.Globalization;
using System.IO.Compression;
using Microsoft.Playwright;
using Portal.Accounts;
using Portal.Tests.Support;

namespace Portal.Tests.Browser;

/// <summary>
/// The owner's billing run pages in Chromium: a month run created from the site's list, its reconciliation and drafts,
/// an address that blocks it until added, approve, issue, the ZIP of PDFs; and another owner is refused the run.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BillingRunPagesTests(BrowserFixture browser) : PortalPageTest(browser)
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-CH");

    [Fact]
    public async Task Owner_bills_a_finished_month_from_draft_to_issued_and_downloads_one_PDF_per_invoice()
    {
        var site = await BillingSite.CreateAsync(Server);
        await Page.SignInAsync(site.OwnerEmail);
        // The sites list loads its rows when its circuit starts: on a busy machine that takes a while.
        await Page.Locator("[data-test=billing-link]").ClickAsync(new() { Timeout = 60_000 });
        await Page.WaitForURLAsync($"**/sites/{site.SiteId}/billing", new() { Timeout = 60_000 });
        await Assertions.Expect(Page.Locator("[data-test=billing-runs-title]")).ToHaveAttributeAsync("data-interactive", "yes", new() { Timeout = 45_000 });
        await Assertions.Expect(Page.Locator("[data-test=no-runs]")).ToBeVisibleAsync();

        // A period that is not over is refused with the service's message.
        var today = Portal.Sites.OccupancyPeriod.Today(DateTimeOffset.UtcNow, "Europe/Zurich");
        await Page.ClickAsync("[data-test=kind-custom]");
        await Page.FillFieldAsync("first-day", today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await Page.FillFieldAsync("last-day", today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await Page.ClickAsync("[data-test=create-run]");
        await Assertions.Expect(Page.Locator("[data-test=run-error]")).ToHaveTextAsync("This period is not over yet: bill it once its last day has passed.");

        // The form starts on the last finished month.
        await Page.ClickAsync("[data-test=kind-month]");
        await Page.ClickAsync("[data-test=create-run]");
        await Page.WaitForURLAsync($"**/sites/{site.SiteId}/billing/*", new() { Timeout = 60_000 });
        await Assertions.Expect(Page.Locator("[data-test=run-title]")).ToHaveAttributeAsync("data-interactive", "yes", new() { Timeout = 30_000 });
        await Assertions.Expect(Page.Locator("[data-test=run-title]")).ToHaveTextAsync($"Billing run {site.Month.Start.ToString("MMMM yyyy", English)}");
        await Assertions.Expect(Page.Locator("[data-test=run-status]")).ToHaveAttributeAsync("data-status", "Draft");

        // The reconciliation adds up: all the grid energy reached the apartments.
        var gridKwh = (site.QuarterHours * BillingSite.GridWhPerQuarterHour / 1000m).ToString("#,##0.0##", English);
        await Assertions.Expect(Page.Locator("[data-test=rec-import] [data-test=rec-grid]")).ToHaveTextAsync(gridKwh);
        await Assertions.Expect(Page.Locator("[data-test=rec-participants] [data-test=rec-grid]")).ToHaveTextAsync(gridKwh);
        await Assertions.Expect(Page.Locator("[data-test=rec-difference] [data-test=rec-grid]")).ToHaveTextAsync("0.0");
        await Assertions.Expect(Page.Locator("[data-test=reconciliation-verdict]")).ToHaveAttributeAsync("data-adds-up", "yes");

        // One draft per apartment; apartment 1 took half its 300 Wh a quarter-hour from the sun.
        await Assertions.Expect(Page.Locator("[data-test=draft-row]")).ToHaveCountAsync(2);
        var first = Page.Locator("tr", new() { Has = Page.Locator("[data-test=draft-row][data-point='Apartment 1']") });
        await Assertions.Expect(first.Locator("[data-test=draft-solar]")).ToHaveTextAsync((site.QuarterHours * 150 / 1000m).ToString("#,##0.0##", English));
        await first.Locator("[data-test=toggle-lines]").ClickAsync();
        await Assertions.Expect(Page.Locator("[data-test=draft-line]").First).ToBeVisibleAsync();

        // Apartment 2's resident has no postal address: it blocks approving.
        await Assertions.Expect(Page.Locator("[data-test=blocking-problem]")).ToHaveCountAsync(1);
        await Assertions.Expect(Page.Locator("[data-test=blocking-problem]")).ToContainTextAsync("(Apartment 2) has no postal address");
        await Assertions.Expect(Page.Locator("[data-test=approve]")).ToBeDisabledAsync();
        await Assertions.Expect(Page.Locator("[data-test=approve-blocked]")).ToBeVisibleAsync();

        await site.AddSecondAddressAsync(Server);
        await Page.ClickAsync("[data-test=recompute]");
        await Assertions.Expect(Page.Locator("[data-test=blocking-problem]")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await Page.ClickAsync("[data-test=approve]");
        await Assertions.Expect(Page.Locator("[data-test=run-status]")).ToHaveAttributeAsync("data-status", "Approved");

        await Page.ClickAsync("[data-test=issue]");
        await Assertions.Expect(Page.Locator("[data-test=confirm-dialog]")).ToContainTextAsync("final numbers");
        await Page.ClickAsync("[data-test=confirm-yes]");
        await Assertions.Expect(Page.Locator("[data-test=run-status]")).ToHaveAttributeAsync("data-status", "Issued", new() { Timeout = 60_000 });
        await Assertions.Expect(Page.Locator("[data-test=invoices-link]")).ToHaveAttributeAsync("href", $"/sites/{site.SiteId}/invoices");

        var download = await Page.RunAndWaitForDownloadAsync(() => Page.ClickAsync("[data-test=download-zip]"));
        Assert.EndsWith(".zip", download.SuggestedFilename, StringComparison.Ordinal);
        using (var zip = ZipFile.OpenRead(await download.PathAsync()))
        {
            Assert.Equal(2, zip.Entries.Count);
            foreach (var entry in zip.Entries)
            {
                await using var pdf = entry.Open();
                var head = new byte[5];
                await pdf.ReadExactlyAsync(head);
                Assert.Equal("%PDF-", System.Text.Encoding.ASCII.GetString(head));
            }
        }

        // The list shows the issued run with its two invoices.
        await Page.ClickAsync("[data-test=all-runs]");
        await Assertions.Expect(Page.Locator("[data-test=run-status]")).ToHaveAttributeAsync("data-status", "Issued");
        await Assertions.Expect(Page.Locator("[data-test=run-invoices]")).ToHaveTextAsync("2");
        var runUrl = $"/sites/{site.SiteId}/billing/{await Page.Locator("[data-test=run-link]").GetAttributeAsync("data-run")}";

        // Another owner is refused the run, on the page and its ZIP.
        await Page.ClickAsync("[data-test=sign-out]");
        await Page.WaitForURLAsync("**/account/login**");
        await Page.SignInAsync(await Server.CreateAccountAsync(Roles.Owner));
        await Page.GotoAsync(runUrl);
        await Assertions.Expect(Page.Locator("[data-test=access-denied]")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("[data-test=run-title]")).ToHaveCountAsync(0);
        var refused = await Page.APIRequest.GetAsync(runUrl + "/invoices.zip", new() { MaxRedirects = 0 });
        Assert.NotEqual(200, refused.Status);
    }
}
