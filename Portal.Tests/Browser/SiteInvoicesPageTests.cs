using System.Text;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Portal.Tests.Support;

namespace Portal.Tests.Browser;

/// <summary>The owner's invoices page in Chromium: statuses of issued invoices, and a camt.054 import that turns one paid.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SiteInvoicesPageTests(BrowserFixture browser) : PortalPageTest(browser)
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    protected override TimeProvider? Clock => _clock;

    [Fact]
    public async Task Owner_sees_the_issued_invoices_imports_a_camt054_file_and_sees_the_invoice_turn_paid()
    {
        var site = await IssuedInvoiceSite.CreateAsync(Server);
        var invoices = await site.InvoicesAsync(Server);
        var paid = invoices["Apartment 1"];
        await Page.SignInAsync(site.OwnerEmail);
        await Page.ClickAsync($"[data-test=invoices-link][href='/sites/{site.SiteId}/invoices']");
        await Page.WaitForURLAsync($"**/sites/{site.SiteId}/invoices");
        await Assertions.Expect(Page.Locator("[data-test=ledger-title]")).ToHaveAttributeAsync("data-interactive", "yes");

        await Assertions.Expect(Page.Locator("[data-test=invoice-row]")).ToHaveCountAsync(2);
        await Assertions.Expect(Page.Locator("[data-test=invoice-row][data-standing=Issued]")).ToHaveCountAsync(2);
        await Assertions.Expect(Page.Locator("[data-test=invoice-status]").First).ToHaveTextAsync("issued");
        await Assertions.Expect(Page.Locator("[data-test=invoice-pdf]").First).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^/invoices/[0-9a-f-]{36}\\.pdf$"));

        var file = Camt054File.Xml(IssuedInvoiceSite.QrIban,
            new Camt054Credit("TX-1", paid.AmountDue, paid.Reference),
            new Camt054Credit("TX-2", 40m, null, Debtor: "Unknown Payer"));
        await Page.SetInputFilesAsync("[data-test=camt-upload] input[type=file]", new FilePayload { Name = "camt054.xml", MimeType = "application/xml", Buffer = Encoding.UTF8.GetBytes(file) });

        await Assertions.Expect(Page.Locator("[data-test=import-summary]")).ToContainTextAsync("1 paid in full, 0 paid in part, 0 overpaid, 1 unmatched, 0 already imported.", new() { Timeout = 20_000 });
        var row = Page.Locator($"[data-test=invoice-row][data-number='{paid.NumberText}']");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-standing", "Paid");
        await Assertions.Expect(Page.Locator("[data-test=invoice-row][data-standing=Issued]")).ToHaveCountAsync(1);
        await Assertions.Expect(Page.Locator("[data-test=unmatched-row]")).ToHaveCountAsync(1);
        await Assertions.Expect(Page.Locator("[data-test=unmatched-reason]")).ToHaveTextAsync("The payment carries no reference.");

        // Filtered on paid: only that invoice.
        await Page.ClickAsync("[data-test=status-filter]");
        await Page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "paid" }).First.ClickAsync();
        await Assertions.Expect(Page.Locator("[data-test=invoice-row]")).ToHaveCountAsync(1);
        await Assertions.Expect(Page.Locator("[data-test=invoice-status]")).ToHaveTextAsync("paid");
    }

    [Fact]
    public async Task Owner_credits_an_invoice_from_the_page_and_the_accounting_csv_lists_the_invoices_and_the_credit_note()
    {
        var site = await IssuedInvoiceSite.CreateAsync(Server);
        var credited = (await site.InvoicesAsync(Server))["Apartment 2"];
        await Page.SignInAsync(site.OwnerEmail);
        await Page.GotoAsync($"/sites/{site.SiteId}/invoices");
        await Assertions.Expect(Page.Locator("[data-test=ledger-title]")).ToHaveAttributeAsync("data-interactive", "yes");

        var row = Page.Locator($"tr:has([data-test=invoice-row][data-number='{credited.NumberText}'])");
        await row.Locator("[data-test=credit-invoice]").ClickAsync();
        await Page.ClickAsync("[data-test=confirm-yes]");

        await Assertions.Expect(Page.Locator("[data-test=invoice-row]")).ToHaveCountAsync(3, new() { Timeout = 20_000 });
        await Assertions.Expect(Page.Locator($"[data-test=invoice-row][data-number='{credited.NumberText}']")).ToHaveAttributeAsync("data-standing", "Credited");
        var creditNote = Page.Locator("[data-test=invoice-row]", new() { HasText = "Credit note" });
        await Assertions.Expect(creditNote).ToHaveCountAsync(1);
        var creditNumber = await creditNote.GetAttributeAsync("data-number");

        await Page.FillAsync("[data-test=csv-from]", "2026-11-01");
        await Page.FillAsync("[data-test=csv-to]", "2026-12-31");
        await Page.Locator("[data-test=csv-to]").BlurAsync();
        var download = await Page.RunAndWaitForDownloadAsync(() => Page.ClickAsync("[data-test=accounting-csv]"));
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);

        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Contains(lines, l => l.Contains(credited.NumberText!, StringComparison.Ordinal) && l.Contains("Apartment 2", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(creditNumber!, StringComparison.Ordinal) && l.Contains('-'));
    }
}
