using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Accounts;
using Portal.Billing;
using Portal.Billing.Payments;
using Portal.Data;
using Portal.Tests.Support;

namespace Portal.Tests.Billing.Ledger;

/// <summary>camt.054 imports on the portal's SQLite file against invoices issued by a real billing run (issue 10, item 7).</summary>
public sealed class PaymentImportsTests : IAsyncLifetime
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

    private PaymentImports Service() => _server.App.Services.CreateScope().ServiceProvider.GetRequiredService<PaymentImports>();

    private async Task<PaymentImportSummary> ImportAsync(params Camt054Credit[] credits) =>
        await Service().ImportAsync(await _site.OwnerAsync(_server), _site.SiteId, "notification.xml", Camt054File.Stream(IssuedInvoiceSite.QrIban, credits));

    private async Task<List<BankPayment>> StoredAsync()
    {
        await using var db = await _server.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.BankPayments.AsNoTracking().Where(p => p.SiteId == _site.SiteId).ToListAsync();
    }

    [Fact]
    public async Task Credits_pay_invoices_in_full_in_part_and_too_much_the_rest_is_listed_and_a_reimport_matches_nothing_twice()
    {
        var before = await _site.InvoicesAsync(_server);
        var first = before["Apartment 1"];
        var second = before["Apartment 2"];
        Assert.True(first.AmountDue > 1m && second.AmountDue > 1m, $"{first.AmountDue} {second.AmountDue}");
        Assert.Equal(27, first.Reference!.Length);
        var unknown = QrReference.Create("99999900000000000000000001");

        var file = new[]
        {
            new Camt054Credit("TX-1", first.AmountDue, first.Reference),
            new Camt054Credit("TX-2", second.AmountDue - 1m, second.Reference),
            new Camt054Credit("TX-3", 50m, unknown),
            new Camt054Credit("TX-4", 12.5m, null),
            new Camt054Credit("TX-1", first.AmountDue, first.Reference),
        };
        var summary = await ImportAsync(file);

        Assert.True(summary.Succeeded, summary.Error);
        Assert.Equal("TX-1", BankKey(Assert.Single(summary.Matched).Key));
        Assert.Equal(second.AmountDue - 1m, Assert.Single(summary.PartlyPaid).Applied);
        Assert.Empty(summary.Overpaid);
        Assert.Equal([UnmatchedReason.UnknownReference, UnmatchedReason.NoReference], summary.Unmatched.Select(u => u.Reason!.Value));
        Assert.Equal("TX-1", BankKey(Assert.Single(summary.Duplicates).Key));

        var after = await _site.InvoicesAsync(_server);
        Assert.Equal((InvoiceStatus.Paid, first.AmountDue, _clock.GetUtcNow().UtcDateTime), (after["Apartment 1"].Status, after["Apartment 1"].PaidAmount, after["Apartment 1"].PaidUtc!.Value));
        Assert.Equal((InvoiceStatus.Issued, second.AmountDue - 1m, (DateTime?)null), (after["Apartment 2"].Status, after["Apartment 2"].PaidAmount, after["Apartment 2"].PaidUtc));
        Assert.Equal(4, (await StoredAsync()).Count);

        // The same file again: every credit is known, nothing is paid twice, nothing stored twice.
        var again = await ImportAsync(file);
        Assert.True(again.Succeeded, again.Error);
        Assert.Equal(5, again.Duplicates.Count);
        Assert.Empty(again.Matched.Concat(again.PartlyPaid).Concat(again.Unmatched));
        Assert.Equal(4, (await StoredAsync()).Count);
        Assert.Equal(second.AmountDue - 1m, (await _site.InvoicesAsync(_server))["Apartment 2"].PaidAmount);

        // A later payment of 25 pays the remaining 1 and 24 too much; a payment on the paid invoice is listed.
        var later = await ImportAsync(new Camt054Credit("TX-5", 25m, second.Reference), new Camt054Credit("TX-6", 5m, first.Reference));
        var over = Assert.Single(later.Overpaid);
        Assert.Equal((1m, 24m, second.NumberText), (over.Applied, over.Excess, over.InvoiceNumber));
        Assert.Equal(UnmatchedReason.InvoiceAlreadyPaid, Assert.Single(later.Unmatched).Reason);
        var paid = (await _site.InvoicesAsync(_server))["Apartment 2"];
        Assert.Equal((InvoiceStatus.Paid, second.AmountDue), (paid.Status, paid.PaidAmount));

        // The owner's list: what no invoice took, with the invoice a reference named.
        var unmatched = (await Service().UnmatchedAsync(await _site.OwnerAsync(_server), _site.SiteId))!;
        Assert.Equal(["TX-3", "TX-4", "TX-6"], unmatched.Select(u => BankKey(u.Key)).Order());
        Assert.Equal(first.NumberText, unmatched.Single(u => BankKey(u.Key) == "TX-6").InvoiceNumber);
    }

    [Fact]
    public async Task The_frozen_invoice_trigger_lets_a_payment_through_and_still_refuses_any_other_change()
    {
        var invoice = (await _site.InvoicesAsync(_server))["Apartment 1"];

        var summary = await ImportAsync(new Camt054Credit("TX-1", invoice.AmountDue, invoice.Reference));

        Assert.True(summary.Succeeded, summary.Error);
        Assert.Equal(InvoiceStatus.Paid, (await _site.InvoicesAsync(_server))["Apartment 1"].Status);
        await using var db = await _server.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var error = await Assert.ThrowsAsync<SqliteException>(() => db.Invoices.Where(i => i.Id == invoice.Id).ExecuteUpdateAsync(i => i.SetProperty(x => x.AmountDue, 1m)));
        Assert.Contains("An issued invoice cannot be changed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_file_stores_nothing_and_says_where_and_another_owner_is_refused()
    {
        var invoice = (await _site.InvoicesAsync(_server))["Apartment 1"];
        var xml = Camt054File.Xml(IssuedInvoiceSite.QrIban, new Camt054Credit("TX-1", invoice.AmountDue, invoice.Reference));
        var broken = xml.Replace("</Ntfctn>", "", StringComparison.Ordinal);

        var summary = await Service().ImportAsync(await _site.OwnerAsync(_server), _site.SiteId, "broken.xml", new MemoryStream(System.Text.Encoding.UTF8.GetBytes(broken)));

        Assert.False(summary.Succeeded);
        Assert.StartsWith("The file is not valid XML (line ", summary.Error, StringComparison.Ordinal);
        Assert.Empty(await StoredAsync());
        Assert.Equal(InvoiceStatus.Issued, (await _site.InvoicesAsync(_server))["Apartment 1"].Status);

        var stranger = await _server.PrincipalAsync(await _server.CreateAccountAsync(Roles.Owner));
        var refused = await Service().ImportAsync(stranger, _site.SiteId, "n.xml", Camt054File.Stream(IssuedInvoiceSite.QrIban, new Camt054Credit("TX-1", invoice.AmountDue, invoice.Reference)));
        Assert.False(refused.Succeeded);
        Assert.Empty(await StoredAsync());
        Assert.Null(await Service().UnmatchedAsync(stranger, _site.SiteId));
        var resident = await _server.PrincipalAsync(_site.Residents["Apartment 1"]);
        Assert.Null(await Service().UnmatchedAsync(resident, _site.SiteId));
    }

    [Fact]
    public async Task A_payment_of_a_credited_invoice_is_not_matched()
    {
        var invoice = (await _site.InvoicesAsync(_server))["Apartment 1"];
        var credit = await _server.App.Services.CreateScope().ServiceProvider.GetRequiredService<Invoices>().CreditAsync(await _site.OwnerAsync(_server), invoice.Id);
        Assert.True(credit.Succeeded, string.Join(" ", credit.Errors));

        var summary = await ImportAsync(new Camt054Credit("TX-1", invoice.AmountDue, invoice.Reference));

        Assert.Equal(UnmatchedReason.InvoiceClosed, Assert.Single(summary.Unmatched).Reason);
        var stored = Assert.Single(await StoredAsync());
        Assert.Equal((PaymentOutcome.Unmatched, invoice.Id, 0m), (stored.Outcome, stored.InvoiceId, stored.Applied));
    }

    /// <summary>The bank's reference inside a credit's key (the key is prefixed with the account).</summary>
    private static string BankKey(string key) => key[(key.IndexOf(':', StringComparison.Ordinal) + 1)..];
}
