using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Accounts;
using Portal.Data;
using Portal.Localization;
using Portal.Sites;

namespace Portal.Billing.Payments;

/// <summary>One credit of an import as the owner reads it: what it was, and what it did.</summary>
public sealed record ImportedPayment(
    string Key,
    decimal Amount,
    string Currency,
    DateOnly? BookingDate,
    string? Reference,
    string? DebtorName,
    Guid? InvoiceId,
    string? InvoiceNumber,
    PaymentOutcome Outcome,
    UnmatchedReason? Reason,
    decimal Applied,
    decimal Excess,
    bool PaidInFull)
{
    public static ImportedPayment Of(BankPayment payment, string? invoiceNumber, bool paidInFull) => new(
        payment.Key, payment.Amount, payment.Currency, payment.BookingDate, payment.Reference, payment.DebtorName, payment.InvoiceId, invoiceNumber,
        payment.Outcome, payment.Reason, payment.Applied, payment.Excess, paidInFull);
}

/// <summary>What an import did, or the message that refused the file (then nothing was stored).</summary>
public sealed record PaymentImportSummary(string? Error, IReadOnlyList<ImportedPayment> Payments, int Skipped)
{
    public bool Succeeded => Error is null;

    /// <summary>Credits that paid their invoice in full (the last of several included).</summary>
    public IReadOnlyList<ImportedPayment> Matched => [.. Payments.Where(p => p.Outcome == PaymentOutcome.Matched && p.PaidInFull)];

    /// <summary>Credits applied to an invoice that still asks for more.</summary>
    public IReadOnlyList<ImportedPayment> PartlyPaid => [.. Payments.Where(p => p.Outcome == PaymentOutcome.Matched && !p.PaidInFull)];

    public IReadOnlyList<ImportedPayment> Overpaid => [.. Payments.Where(p => p.Outcome == PaymentOutcome.Overpaid)];

    public IReadOnlyList<ImportedPayment> Unmatched => [.. Payments.Where(p => p.Outcome == PaymentOutcome.Unmatched)];

    public IReadOnlyList<ImportedPayment> Duplicates => [.. Payments.Where(p => p.Outcome == PaymentOutcome.Duplicate)];

    public static PaymentImportSummary Refused(string error) => new(error, [], 0);
}

/// <summary>
/// Imports a bank's camt.054 notification for a site (issue 10, item 7): reads it (<see cref="Camt054Reader"/>),
/// matches its credits to the site's issued invoices by their QR reference (<see cref="PaymentMatcher"/>, QR-07),
/// and in one transaction stores every credit with what it did and moves the invoices it paid (paid amount, then
/// paid status and date when paid in full - the only columns of an issued invoice the database lets change). A
/// credit whose key is stored already matches nothing, so importing a file twice changes nothing. Only the site's
/// owner or an administrator imports and sees the payments.
/// </summary>
public sealed class PaymentImports(
    IDbContextFactory<PortalDbContext> contexts,
    SiteAccess access,
    TimeProvider clock,
    IStringLocalizer<SharedResource> text)
{
    public async Task<PaymentImportSummary> ImportAsync(ClaimsPrincipal user, Guid siteId, string fileName, Stream file, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var site = await access.ManagedAsync(db, user, siteId, ct);
        if (site is null)
        {
            return PaymentImportSummary.Refused(text["Billing.SiteUnknown"]);
        }

        if (site.IsArchived)
        {
            return PaymentImportSummary.Refused(text[Site.ArchivedReadOnlyText]);
        }

        var read = await Camt054Reader.ReadAsync(file, ct: ct);
        if (read.Problem is { } problem)
        {
            return PaymentImportSummary.Refused(text[problem.Key, [.. problem.Arguments]]);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Only what matching needs: an issued invoice's frozen PDF stays in the database.
        var invoices = await db.Invoices.AsNoTracking()
            .Where(i => i.SiteId == siteId && i.Kind == InvoiceKind.Invoice && i.IssuedUtc != null && i.Reference != null)
            .Select(i => new Invoice { Id = i.Id, Number = i.Number, Reference = i.Reference, AmountDue = i.AmountDue, PaidAmount = i.PaidAmount, Currency = i.Currency, Status = i.Status })
            .ToDictionaryAsync(i => i.Id, ct);
        var keys = read.Credits.Select(c => c.Key).Distinct().ToList();
        var imported = (await db.BankPayments.Where(p => p.SiteId == siteId && keys.Contains(p.Key)).Select(p => p.Key).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var matching = PaymentMatcher.Match(
            read.Credits,
            invoices.Values.Select(i => new PayableInvoice(i.Id, i.Reference!, i.AmountDue, i.PaidAmount, i.Currency, i.Status == InvoiceStatus.Credited)),
            imported);

        var now = clock.GetUtcNow().UtcDateTime;
        var importer = user.PortalUserId();
        var name = Path.GetFileName(fileName);
        name = name.Length > BankPayment.FileNameMaxLength ? name[..BankPayment.FileNameMaxLength] : name;
        BankPayment Stored(BankCredit credit, Guid? invoiceId, PaymentOutcome outcome, UnmatchedReason? reason = null, decimal applied = 0m, decimal excess = 0m) => new()
        {
            SiteId = siteId,
            Key = credit.Key,
            Amount = credit.Amount,
            Currency = credit.Currency,
            BookingDate = credit.BookingDate,
            Reference = credit.Reference?.Value,
            DebtorName = credit.DebtorName is { Length: > 140 } debtor ? debtor[..140] : credit.DebtorName,
            InvoiceId = invoiceId,
            Outcome = outcome,
            Reason = reason,
            Applied = applied,
            Excess = excess,
            ImportedUtc = now,
            ImportedById = importer,
            FileName = name,
        };

        var payments = new List<(BankPayment Payment, bool PaidInFull)>();
        foreach (var match in matching.Matched)
        {
            payments.Add((Stored(match.Credit, match.InvoiceId, PaymentOutcome.Matched, applied: match.Applied), match.PaidInFull));
        }

        foreach (var over in matching.Overpaid)
        {
            payments.Add((Stored(over.Credit, over.InvoiceId, PaymentOutcome.Overpaid, applied: over.Applied, excess: over.Excess), true));
        }

        foreach (var unmatched in matching.Unmatched)
        {
            payments.Add((Stored(unmatched.Credit, unmatched.InvoiceId, PaymentOutcome.Unmatched, unmatched.Reason), false));
        }

        db.BankPayments.AddRange(payments.Select(p => p.Payment));
        try
        {
            await db.SaveChangesAsync(ct);
            foreach (var (invoiceId, applied) in payments.Where(p => p.Payment.Applied > 0).GroupBy(p => p.Payment.InvoiceId!.Value).Select(g => (g.Key, g.Sum(p => p.Payment.Applied))))
            {
                var invoice = invoices[invoiceId];
                var paid = invoice.PaidAmount + applied;
                // Only the payment columns: the database refuses any other change to an issued invoice.
                if (paid >= invoice.AmountDue)
                {
                    await db.Invoices.Where(i => i.Id == invoiceId).ExecuteUpdateAsync(i => i
                        .SetProperty(x => x.PaidAmount, paid).SetProperty(x => x.Status, InvoiceStatus.Paid).SetProperty(x => x.PaidUtc, now), ct);
                }
                else
                {
                    await db.Invoices.Where(i => i.Id == invoiceId).ExecuteUpdateAsync(i => i.SetProperty(x => x.PaidAmount, paid), ct);
                }
            }
        }
        catch (DbUpdateException)
        {
            // Another import of the same credits committed first (the key is unique per site): nothing of this one stays.
            return PaymentImportSummary.Refused(text["Ledger.Import.Concurrent"]);
        }

        await transaction.CommitAsync(ct);

        var numbers = invoices.Values.ToDictionary(i => i.Id, i => i.NumberText);
        var duplicates = matching.Duplicates.Select(d => ImportedPayment.Of(
            Stored(d.Credit, null, PaymentOutcome.Duplicate), null, false));
        var summary = payments.Select(p => ImportedPayment.Of(p.Payment, p.Payment.InvoiceId is { } id ? numbers.GetValueOrDefault(id) : null, p.PaidInFull))
            .Concat(duplicates);
        return new PaymentImportSummary(null, [.. summary], read.Skipped.Count);
    }

    /// <summary>The site's payments no invoice took, newest booking first, for the owner to look at; null when the user may not manage the site.</summary>
    public async Task<IReadOnlyList<ImportedPayment>?> UnmatchedAsync(ClaimsPrincipal user, Guid siteId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var site = await access.ManagedAsync(db, user, siteId, ct);
        if (site is null)
        {
            return null;
        }

        var payments = await db.BankPayments.AsNoTracking().Where(p => p.SiteId == siteId && p.Outcome == PaymentOutcome.Unmatched).ToListAsync(ct);
        var named = payments.Where(p => p.InvoiceId != null).Select(p => p.InvoiceId!.Value).Distinct().ToList();
        var numbers = await db.Invoices.AsNoTracking().Where(i => named.Contains(i.Id)).Select(i => new Invoice { Id = i.Id, Number = i.Number })
            .ToDictionaryAsync(i => i.Id, i => i.NumberText, ct);
        return [.. payments.OrderByDescending(p => p.BookingDate).ThenByDescending(p => p.ImportedUtc)
            .Select(p => ImportedPayment.Of(p, p.InvoiceId is { } id ? numbers.GetValueOrDefault(id) : null, false))];
    }
}
