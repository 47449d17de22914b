using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Accounts;
using Portal.Billing;
using Portal.Data;
using Portal.Energy;
using Portal.Tests.Support;

namespace Portal.Tests.Billing;

/// <summary>
/// The demo site as the run command seeds it (four months of history with gaps, a tariff, billing settings, one
/// resident with an address) billed end to end: a run for last month, the owner's choice for the missing data,
/// approve, issue, PDFs with their QR-bill, the reconciliation against the introduction meter, and an issued invoice
/// the database refuses to change.
/// </summary>
public sealed class DemoBillingEndToEndTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 13, 28, 49, TimeSpan.Zero));
    private PortalServer _server = null!;

    public async Task InitializeAsync() => _server = await PortalServer.StartAsync(_clock, "--Portal:Demo:Seed=true");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Last_months_history_is_billed_approved_issued_and_frozen_with_PDFs_whose_totals_and_QR_bill_are_right()
    {
        var previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("de-CH");
        try
        {
            await BalanceAsync();
            var owner = await _server.PrincipalAsync("owner@demo.example");
            await using var scope = _server.App.Services.CreateAsyncScope();
            var runs = scope.ServiceProvider.GetRequiredService<BillingRuns>();

            var created = await runs.CreateAsync(owner, DemoSeeder.SiteId, BillingPeriod.Month(2026, 11));
            Assert.True(created.Succeeded, string.Join(" ", created.Errors));
            var runId = created.RunId!.Value;
            var draft = (await runs.ReviewAsync(owner, runId))!;

            // The demo edge was off for two hours on 7 November: its meters' spread quarter-hours are shown as estimated,
            // nothing is missing, so nothing blocks the run.
            Assert.Empty(draft.Blocking);
            Assert.Equal(8, Assert.Single(draft.Invoices, i => i.Kind == InvoiceKind.Invoice).EstimatedQuarterHours);
            var review = draft;

            // Participants + common areas + residual = what reached the loads; + the battery = the introduction meter.
            var run = review.Run;
            Assert.Equal(0, run.DifferenceWh);
            Assert.Equal(run.GridImportWh, run.GridToLoadWh + run.GridToBatteryWh);
            Assert.Equal(await IntroductionImportWhAsync(2026, 11), run.GridImportWh);

            Assert.True((await runs.ApproveAsync(owner, runId)).Succeeded);
            var issued = await runs.IssueAsync(owner, runId);
            Assert.True(issued.Succeeded, string.Join(" ", issued.Errors));

            await using var db = await Contexts().CreateDbContextAsync();
            var invoices = await db.Invoices.Include(i => i.Lines).Where(i => i.BillingRunId == runId).ToListAsync();
            var resident = Assert.Single(invoices, i => i.Kind == InvoiceKind.Invoice);
            Assert.All(invoices, i => Assert.NotNull(i.Pdf));
            Assert.Equal(1, resident.Number);
            Assert.True(QrReference.IsValid(resident.Reference!));
            Assert.Equal(resident.Lines.Sum(l => l.Amount) + resident.VatTotal, resident.Total);
            Assert.Equal(InvoiceCalculator.VatOf(resident.NetTotal, 8.1m), resident.VatTotal);

            var text = await PdfText.ExtractAsync(resident.Pdf!);
            Assert.Contains("Rechnung 000001", text, StringComparison.Ordinal);
            Assert.Contains(resident.Total.ToString("N2", CultureInfo.CurrentCulture), text, StringComparison.Ordinal);
            Assert.Contains(resident.VatTotal.ToString("N2", CultureInfo.CurrentCulture), text, StringComparison.Ordinal);
            Assert.Contains("Demo Resident", text, StringComparison.Ordinal);
            var issuing = scope.ServiceProvider.GetRequiredService<InvoiceIssuing>();
            var bill = issuing.BillOf(resident, (await scope.ServiceProvider.GetRequiredService<IBillingTermsSource>()
                .ForAsync(DemoSeeder.SiteId, run.Period, TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich"), default)).Issuer!)!;
            Assert.Equal([QrBillPayload.Text(bill)], await PdfQrCodes.DecodeAsync(resident.Pdf!, [PdfQrCodes.SwissCrossOfPaymentPart]));
            Assert.Empty(QrBillValidator.Problems(bill));
            Assert.Equal(resident.AmountDue, bill.Amount);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = previous;
        }
    }

    [Fact]
    public async Task An_issued_invoice_cannot_be_changed_or_deleted_by_any_code_but_its_payment_status_moves_on()
    {
        await BalanceAsync();
        var owner = await _server.PrincipalAsync("owner@demo.example");
        await using var scope = _server.App.Services.CreateAsyncScope();
        var runs = scope.ServiceProvider.GetRequiredService<BillingRuns>();
        var runId = (await runs.CreateAsync(owner, DemoSeeder.SiteId, BillingPeriod.Month(2026, 10))).RunId!.Value;
        Assert.True((await runs.ApproveAsync(owner, runId)).Succeeded);
        Assert.True((await runs.IssueAsync(owner, runId)).Succeeded);

        await using var db = await Contexts().CreateDbContextAsync();
        var invoice = await db.Invoices.Include(i => i.Lines).SingleAsync(i => i.BillingRunId == runId && i.Kind == InvoiceKind.Invoice);
        var total = invoice.Total;
        invoice.Total += 10m;
        Assert.Throws<DbUpdateException>(() => db.SaveChanges());
        db.ChangeTracker.Clear();

        await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("UPDATE InvoiceLines SET Amount = 0 WHERE InvoiceId = {0}", invoice.Id));
        await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("UPDATE Invoices SET RecipientName = 'Someone else' WHERE Id = {0}", invoice.Id));
        await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("UPDATE Invoices SET Culture = 'xx' WHERE Id = {0}", invoice.Id));
        await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM Invoices WHERE Id = {0}", invoice.Id));
        await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("INSERT INTO InvoiceLines (InvoiceId, Position, Kind, Label, \"From\", \"To\", Quantity, Unit, UnitPrice, Amount, VatRatePercent) VALUES ({0}, 99, 'Solar', 'extra', '2026-10-01', '2026-11-01', '1', 'Kwh', '1', '1', '0')", invoice.Id));
        Assert.False((await runs.DeleteAsync(owner, runId)).Succeeded);

        Assert.Equal(1, await db.Invoices.Where(i => i.Id == invoice.Id).ExecuteUpdateAsync(i => i.SetProperty(x => x.Status, InvoiceStatus.Paid).SetProperty(x => x.PaidAmount, total)));
        var stored = await db.Invoices.AsNoTracking().Include(i => i.Lines).SingleAsync(i => i.Id == invoice.Id);
        Assert.Equal((total, InvoiceStatus.Paid), (stored.Total, stored.Status));
        Assert.Equal(invoice.Lines.Count, stored.Lines.Count);
    }

    private async Task BalanceAsync()
    {
        var store = _server.App.Services.GetRequiredService<EnergyBalanceStore>();
        await store.CatchUpAsync(default);
    }

    // The DSO's view: the introduction meter's own intervals of the month, summed without the balance.
    private async Task<long> IntroductionImportWhAsync(int year, int month)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");
        var (from, to) = (EnergyBuckets.LocalMidnight(new DateOnly(year, month, 1), zone), EnergyBuckets.LocalMidnight(new DateOnly(year, month, 1).AddMonths(1), zone));
        await using var db = await Contexts().CreateDbContextAsync();
        var intervals = await db.MeterIntervals.AsNoTracking().Where(i => i.MeterId == DemoSeeder.Meters[0].Id && i.StartUtc >= from && i.StartUtc < to).ToListAsync();
        return intervals.Where(i => !i.CounterWentBackwards).Sum(i => i.ImportWh);
    }

    private IDbContextFactory<PortalDbContext> Contexts() => _server.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
}
