using System.Globalization;
using System.IO.Compression;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Accounts;
using Portal.Data;
using Portal.Localization;
using Portal.Sites;

namespace Portal.Billing;

/// <summary>How an invoice stands as people read it: its stored state, or overdue when it is unpaid past its due date.</summary>
public enum InvoiceStanding
{
    Draft,
    Issued,
    Sent,
    Paid,
    Overdue,
    Credited,
}

/// <summary>One invoice as a list shows it.</summary>
public sealed record InvoiceSummary(
    Guid Id,
    Guid BillingRunId,
    InvoiceKind Kind,
    InvoiceStanding Standing,
    string? Number,
    string RecipientName,
    string BillingPointName,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    decimal Total,
    decimal AmountDue,
    decimal PaidAmount,
    string Currency,
    DateOnly? IssueDate,
    DateOnly? DueDate,
    DateTime? SentUtc,
    string? Reference)
{
    public static InvoiceSummary Of(Invoice invoice, DateOnly today) => new(
        invoice.Id, invoice.BillingRunId, invoice.Kind, StandingOf(invoice, today), invoice.NumberText, invoice.RecipientName, invoice.BillingPointName,
        invoice.PeriodStart, invoice.PeriodEnd, invoice.Total, invoice.AmountDue, invoice.PaidAmount, invoice.Currency, invoice.IssueDate, invoice.DueDate,
        invoice.SentUtc, invoice.Reference);

    public static InvoiceStanding StandingOf(Invoice invoice, DateOnly today) => invoice.Status switch
    {
        InvoiceStatus.Draft => InvoiceStanding.Draft,
        InvoiceStatus.Paid => InvoiceStanding.Paid,
        InvoiceStatus.Credited => InvoiceStanding.Credited,
        _ when invoice.IsOverdue(today) => InvoiceStanding.Overdue,
        InvoiceStatus.Sent => InvoiceStanding.Sent,
        _ => InvoiceStanding.Issued,
    };
}

/// <summary>A PDF (or ZIP) to download: its file name and bytes.</summary>
public sealed record InvoiceFile(string FileName, byte[] Contents);

/// <summary>
/// Issued invoices for the people who may see them: a site's owner (or an administrator) sees every invoice of the
/// site, downloads them one by one or a run as a ZIP, exports them for the accounting, and corrects one with a credit
/// note; a resident sees and downloads only their own issued invoices. Drafts never leave the owner's review.
/// </summary>
public sealed class Invoices(
    IDbContextFactory<PortalDbContext> contexts,
    SiteAccess access,
    BillingRuns runs,
    IBillingTermsSource terms,
    InvoiceIssuing issuing,
    TimeProvider clock,
    IStringLocalizer<SharedResource> text)
{
    /// <summary>Every invoice of the site, newest first; null when the user may not manage it.</summary>
    public async Task<IReadOnlyList<InvoiceSummary>?> OfSiteAsync(ClaimsPrincipal user, Guid siteId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var site = await access.ManagedAsync(db, user, siteId, ct);
        if (site is null)
        {
            return null;
        }

        var today = Today(site);
        var invoices = await db.Invoices.AsNoTracking().Where(i => i.SiteId == siteId && i.IssuedUtc != null && i.Kind != InvoiceKind.VacancyStatement)
            .OrderByDescending(i => i.Number).ToListAsync(ct);
        return [.. invoices.Select(i => InvoiceSummary.Of(i, today))];
    }

    /// <summary>The signed-in resident's own issued invoices and credit notes, newest first (nobody else's, whatever the role).</summary>
    public async Task<IReadOnlyList<InvoiceSummary>> MineAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!user.IsInRole(Roles.Resident))
        {
            return [];
        }

        var me = user.PortalUserId();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var invoices = await db.Invoices.AsNoTracking()
            .Where(i => i.ResidentId == me && i.IssuedUtc != null && i.Kind != InvoiceKind.VacancyStatement)
            .OrderByDescending(i => i.IssuedUtc).ThenByDescending(i => i.Number).ToListAsync(ct);
        var zones = await db.Sites.AsNoTracking().Where(s => invoices.Select(i => i.SiteId).Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.TimeZone, ct);
        return [.. invoices.Select(i => InvoiceSummary.Of(i, OccupancyPeriod.Today(clock.GetUtcNow(), zones[i.SiteId])))];
    }

    /// <summary>
    /// An issued invoice's frozen PDF, for its resident or the site's manager; null for anyone else, for a draft, or
    /// an unknown id (the same answer, so an id tells nothing).
    /// </summary>
    public async Task<InvoiceFile?> PdfAsync(ClaimsPrincipal user, Guid invoiceId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var invoice = await db.Invoices.AsNoTracking().SingleOrDefaultAsync(i => i.Id == invoiceId && i.IssuedUtc != null, ct);
        if (invoice?.Pdf is null || !await MaySeeAsync(db, user, invoice, ct))
        {
            return null;
        }

        return new InvoiceFile(FileName(invoice), invoice.Pdf);
    }

    /// <summary>Every issued PDF of a run in one ZIP, for the site's manager; null otherwise.</summary>
    public async Task<InvoiceFile?> RunZipAsync(ClaimsPrincipal user, Guid runId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var run = await db.BillingRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, ct);
        if (run is null || await access.ManagedAsync(db, user, run.SiteId, ct) is not { } site)
        {
            return null;
        }

        var invoices = await db.Invoices.AsNoTracking().Where(i => i.BillingRunId == runId && i.Pdf != null).OrderBy(i => i.Number).ToListAsync(ct);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var invoice in invoices)
            {
                var entry = zip.CreateEntry(FileName(invoice), CompressionLevel.Fastest);
                await using var stream = entry.Open();
                await stream.WriteAsync(invoice.Pdf!, ct);
            }
        }

        var name = Documents.DownloadFileName.For(text["Billing.File.Run"], site.Name, run.PeriodStart, "zip").Name;
        return new InvoiceFile(name, buffer.ToArray());
    }

    /// <summary>
    /// The accounting export of the site's issued invoices and credit notes whose issue date falls in
    /// [<paramref name="from"/>, <paramref name="to"/>): a writer of one CSV row each, or null when the user may not
    /// manage the site.
    /// </summary>
    public async Task<Func<System.IO.Pipelines.PipeWriter, CancellationToken, Task>?> AccountingCsvAsync(ClaimsPrincipal user, Guid siteId, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await access.ManagedAsync(db, user, siteId, ct) is not { } site)
        {
            return null;
        }

        var today = Today(site);
        var invoices = await db.Invoices.AsNoTracking().Include(i => i.Lines)
            .Where(i => i.SiteId == siteId && i.Number != null && i.IssueDate >= from && i.IssueDate < to).OrderBy(i => i.Number).ToListAsync(ct);
        var numbers = invoices.ToDictionary(i => i.Id, i => i.NumberText);
        return async (pipe, token) =>
        {
            var csv = new Energy.CsvRowWriter(pipe);
            foreach (var header in AccountingColumns)
            {
                csv.Field(header);
            }

            csv.EndRow();
            foreach (var invoice in invoices)
            {
                csv.Field(invoice.NumberText!);
                csv.Field(invoice.Kind.ToString());
                csv.Field(Day(invoice.IssueDate));
                csv.Field(Day(invoice.DueDate));
                csv.Field(invoice.RecipientName);
                csv.Field(invoice.BillingPointName);
                csv.Field(Day(invoice.PeriodStart));
                csv.Field(Day(invoice.PeriodEnd.AddDays(-1)));
                csv.Field(invoice.NetTotal);
                csv.Field(string.Join('/', invoice.Lines.Select(l => l.VatRatePercent).Distinct().Order().Select(r => r.ToString(CultureInfo.InvariantCulture))));
                csv.Field(invoice.VatTotal);
                csv.Field(invoice.Total);
                csv.Field(invoice.AdvancesPaid);
                csv.Field(invoice.AmountDue);
                csv.Field(invoice.Currency);
                csv.Field(invoice.Reference ?? "");
                csv.Field(InvoiceSummary.StandingOf(invoice, today).ToString());
                csv.Field(invoice.PaidAmount);
                csv.Field(invoice.PaidUtc is { } paid ? Day(DateOnly.FromDateTime(paid)) : "");
                csv.Field(invoice.CorrectsInvoiceId is { } corrected ? numbers.GetValueOrDefault(corrected) ?? "" : "");
                csv.EndRow();
                await csv.FlushIfFullAsync(token);
            }

            await csv.FlushAsync(token);
        };
    }

    /// <summary>The accounting export's columns (docs/billing.md describes each).</summary>
    public static readonly IReadOnlyList<string> AccountingColumns =
    [
        "number", "kind", "issue_date", "due_date", "recipient", "billing_point", "period_first_day", "period_last_day", "net", "vat_rates",
        "vat", "total", "advances_paid", "amount_due", "currency", "reference", "status", "paid_amount", "paid_date", "corrects",
    ];

    /// <summary>
    /// Corrects an issued invoice: a credit note that cancels it in full (its lines negated, numbered and issued at
    /// once with its own PDF), the invoice marked credited, and a new draft run for the same billing point and period
    /// so the owner can bill it again right. Returns the new run's id.
    /// </summary>
    public async Task<BillingOutcome> CreditAsync(ClaimsPrincipal user, Guid invoiceId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var invoice = await db.Invoices.Include(i => i.Lines).SingleOrDefaultAsync(i => i.Id == invoiceId, ct);
        if (invoice is null || await access.ManagedAsync(db, user, invoice.SiteId, ct) is not { } site)
        {
            return BillingOutcome.Refused(text["Billing.Invoice.Unknown"]);
        }

        if (invoice.Kind != InvoiceKind.Invoice || !invoice.IsIssued || invoice.Status == InvoiceStatus.Credited)
        {
            return BillingOutcome.Refused(text["Billing.Invoice.NotCreditable"]);
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(site.TimeZone);
        var run = await db.BillingRuns.AsNoTracking().SingleAsync(r => r.Id == invoice.BillingRunId, ct);
        var issuer = await terms.ForAsync(site.Id, run.Period, zone, ct);
        if (issuer.Problems.Count > 0)
        {
            return new(null, issuer.Problems);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var credit = CreditNote(invoice, await db.Invoices.Where(i => i.SiteId == site.Id && i.Number != null).MaxAsync(i => i.Number, ct) ?? 0, Today(site), now);
        credit.Culture ??= CultureInfo.CurrentUICulture.Name;
        using (InvoiceCulture.Enter(credit))
        {
            issuing.Complete(credit, issuer.Issuer!, zone, invoice.NumberText);
        }

        // Stored with its lines first, then issued: the database refuses lines added to an issued invoice.
        var issued = credit.IssuedUtc;
        credit.IssuedUtc = null;
        db.Invoices.Add(credit);
        await db.SaveChangesAsync(ct);
        credit.IssuedUtc = issued;
        invoice.Status = InvoiceStatus.Credited;
        invoice.CreditedById = credit.Id;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return await runs.CreateAsync(user, site.Id, BillingPeriod.Custom(invoice.PeriodStart, invoice.PeriodEnd.AddDays(-1)) with { Kind = run.Kind }, invoice.BillingPointId, ct: ct);
    }

    private static Invoice CreditNote(Invoice invoice, int lastNumber, DateOnly today, DateTime now)
    {
        var credit = new Invoice
        {
            SiteId = invoice.SiteId,
            BillingRunId = invoice.BillingRunId,
            BillingPointId = invoice.BillingPointId,
            ResidentId = invoice.ResidentId,
            Kind = InvoiceKind.CreditNote,
            Status = InvoiceStatus.Issued,
            Number = lastNumber + 1,
            PeriodStart = invoice.PeriodStart,
            PeriodEnd = invoice.PeriodEnd,
            BillingPointName = invoice.BillingPointName,
            RecipientName = invoice.RecipientName,
            RecipientEmail = invoice.RecipientEmail,
            Culture = invoice.Culture,
            RecipientStreet = invoice.RecipientStreet,
            RecipientBuildingNumber = invoice.RecipientBuildingNumber,
            RecipientPostalCode = invoice.RecipientPostalCode,
            RecipientTown = invoice.RecipientTown,
            RecipientCountry = invoice.RecipientCountry,
            Currency = invoice.Currency,
            NetTotal = -invoice.NetTotal,
            VatTotal = -invoice.VatTotal,
            Total = -invoice.Total,
            AmountDue = -invoice.Total,
            SolarWh = -invoice.SolarWh,
            GridHighWh = -invoice.GridHighWh,
            GridLowWh = -invoice.GridLowWh,
            CommonWh = -invoice.CommonWh,
            IssueDate = today,
            DueDate = today,
            CorrectsInvoiceId = invoice.Id,
        };
        credit.Lines = [.. invoice.Lines.OrderBy(l => l.Position).Select(l => new InvoiceLine
        {
            InvoiceId = credit.Id, Position = l.Position, Kind = l.Kind, Label = l.Label, From = l.From, To = l.To,
            Quantity = -l.Quantity, Unit = l.Unit, UnitPrice = l.UnitPrice, Amount = -l.Amount, VatRatePercent = l.VatRatePercent,
        })];
        credit.IssuedUtc = now;
        return credit;
    }

    private async Task<bool> MaySeeAsync(PortalDbContext db, ClaimsPrincipal user, Invoice invoice, CancellationToken ct)
    {
        if (invoice.Kind != InvoiceKind.VacancyStatement && user.IsInRole(Roles.Resident) && invoice.ResidentId == user.PortalUserId())
        {
            return true;
        }

        return await access.ManagedAsync(db, user, invoice.SiteId, ct) is not null;
    }

    private string FileName(Invoice invoice)
    {
        var document = invoice.Kind switch
        {
            InvoiceKind.CreditNote => text["Billing.File.CreditNote"].Value,
            InvoiceKind.VacancyStatement => text["Billing.File.Vacancy"].Value,
            _ => text["Billing.File.Invoice"].Value,
        };
        var number = invoice.NumberText ?? invoice.Id.ToString("N")[..8];
        return Documents.DownloadFileName.For($"{document}-{number}", invoice.BillingPointName, invoice.IssueDate ?? invoice.PeriodEnd, "pdf").Name;
    }

    private DateOnly Today(Site site) => OccupancyPeriod.Today(clock.GetUtcNow(), site.TimeZone);

    private static string Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
}
