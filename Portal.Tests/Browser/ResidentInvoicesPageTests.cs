using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Portal.Tests.Support;

namespace Portal.Tests.Browser;

/// <summary>A resident's invoices in Chromium: their own, downloaded as the issued PDF; another resident's refused by page and by URL.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ResidentInvoicesPageTests(BrowserFixture browser) : PortalPageTest(browser)
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    protected override TimeProvider? Clock => _clock;

    [Fact]
    public async Task A_resident_downloads_their_own_invoice_and_gets_404_for_another_residents_by_URL()
    {
        var site = await IssuedInvoiceSite.CreateAsync(Server);
        var invoices = await site.InvoicesAsync(Server);
        var (mine, theirs) = (invoices["Apartment 1"], invoices["Apartment 2"]);
        await Page.SignInAsync(site.Residents["Apartment 1"]);
        await Page.GotoAsync("/my/invoices");
        await Assertions.Expect(Page.Locator("[data-test=my-invoice]")).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await Assertions.Expect(Page.Locator("[data-test=my-invoice]")).ToHaveAttributeAsync("data-number", mine.NumberText!);
        await Assertions.Expect(Page.Locator($"[data-test=my-invoice][data-number='{theirs.NumberText}']")).ToHaveCountAsync(0);

        var download = await Page.RunAndWaitForDownloadAsync(() => Page.ClickAsync("[data-test=invoice-download]"));
        var path = await download.PathAsync();
        var pdf = await File.ReadAllBytesAsync(path!);
        Assert.Equal(mine.Pdf, pdf);
        var text = await PdfText.ExtractAsync(pdf);
        Assert.Contains(mine.RecipientName, text, StringComparison.Ordinal);

        var refused = await Page.APIRequest.GetAsync($"/invoices/{theirs.Id}.pdf", new() { MaxRedirects = 0 });
        Assert.Equal(404, refused.Status);
        var own = await Page.APIRequest.GetAsync($"/invoices/{mine.Id}.pdf", new() { MaxRedirects = 0 });
        Assert.Equal(200, own.Status);
    }
}
