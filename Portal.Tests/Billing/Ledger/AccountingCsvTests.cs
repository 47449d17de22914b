using System.Net;
using Microsoft.Extensions.Time.Testing;
using Portal.Accounts;
using Portal.Billing;
using Portal.Tests.Support;

namespace Portal.Tests.Billing.Ledger;

/// <summary>The owner's accounting CSV over HTTP (<c>/sites/{id}/invoices/accounting.csv</c>): content, range and who may download it.</summary>
public sealed class AccountingCsvTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private PortalServer _server = null!;
    private IssuedInvoiceSite _site = null!;

    public async Task InitializeAsync()
    {
        _server = await PortalServer.StartAsync(_clock);
        _site = await IssuedInvoiceSite.CreateAsync(_server);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Owner_downloads_one_row_per_issued_invoice_of_the_range_with_its_figures_and_a_stranger_gets_404()
    {
        var invoices = await _site.InvoicesAsync(_server);
        using var client = _server.CreateClient();
        await HttpSignIn.SignInAsync(client, _site.OwnerEmail);

        var response = await client.GetAsync($"/sites/{_site.SiteId}/invoices/accounting.csv?from=2026-12-01&to=2026-12-02");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("accounting-", response.Content.Headers.ContentDisposition!.FileNameStar, StringComparison.Ordinal);
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal(string.Join(',', Invoices.AccountingColumns), lines[0]);
        Assert.Equal(3, lines.Count);
        var first = invoices["Apartment 1"];
        var row = lines.Single(l => l.StartsWith(first.NumberText + ",", StringComparison.Ordinal)).Split(',');
        Assert.Equal(("Invoice", "2026-12-01", "2026-12-31"), (row[1], row[2], row[3]));
        Assert.Equal(first.Total.ToString(System.Globalization.CultureInfo.InvariantCulture), row[11]);
        Assert.Equal(first.Reference, row[15]);
        Assert.Equal("Issued", row[16]);

        // Issued on 1 December: a November range holds nothing but the header.
        var november = await client.GetStringAsync($"/sites/{_site.SiteId}/invoices/accounting.csv?from=2026-11-01&to=2026-12-01");
        Assert.Single(november.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/sites/{_site.SiteId}/invoices/accounting.csv?from=2026-12-02&to=2026-12-01")).StatusCode);

        using var stranger = _server.CreateClient();
        await HttpSignIn.SignInAsync(stranger, await _server.CreateAccountAsync(Roles.Owner));
        var refused = await stranger.GetAsync($"/sites/{_site.SiteId}/invoices/accounting.csv?from=2026-12-01&to=2026-12-02");
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
    }
}
