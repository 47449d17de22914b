using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.Localization;
using Portal.Sites;

namespace Portal.Billing.Mail;

/// <summary>What sending did: sent, or the message why not (nothing was recorded then).</summary>
public sealed record SendOutcome(string? Error)
{
    public bool Sent => Error is null;
}

/// <summary>What sending a run did: how many went out, and one message per invoice that did not.</summary>
public sealed record RunSendOutcome(int Sent, IReadOnlyList<string> Errors);

/// <summary>
/// Sends issued invoices and credit notes by e-mail (issue 10, item 5): the frozen PDF attached, to the recipient's
/// address as the invoice holds it, through <see cref="IInvoiceMailer"/>; a send the server accepted is recorded
/// (when, to whom, and the status Sent for an issued invoice). A failure records nothing and says what the
/// server or the network did. Only the site's owner or an administrator sends.
/// </summary>
public sealed class InvoiceSending(
    IDbContextFactory<PortalDbContext> contexts,
    SiteAccess access,
    Invoices invoices,
    IInvoiceMailer mailer,
    TimeProvider clock,
    IStringLocalizer<SharedResource> text)
{
    public async Task<SendOutcome> SendAsync(ClaimsPrincipal user, Guid invoiceId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var invoice = await db.Invoices.AsNoTracking().Where(i => i.Id == invoiceId)
            .Select(i => new Invoice
            {
                Id = i.Id, SiteId = i.SiteId, Kind = i.Kind, Status = i.Status, Number = i.Number, IssuedUtc = i.IssuedUtc, RecipientName = i.RecipientName,
                RecipientEmail = i.RecipientEmail, BillingPointName = i.BillingPointName, PeriodStart = i.PeriodStart, PeriodEnd = i.PeriodEnd,
                AmountDue = i.AmountDue, Total = i.Total, Currency = i.Currency, DueDate = i.DueDate, Culture = i.Culture,
            })
            .SingleOrDefaultAsync(ct);
        var site = invoice is null ? null : await access.ManagedAsync(db, user, invoice.SiteId, ct);
        if (invoice is null || site is null)
        {
            return new(text["Billing.Invoice.Unknown"]);
        }

        return await SendAsync(db, user, invoice, site.Name, ct);
    }

    /// <summary>Sends every issued invoice and credit note of the run not sent yet, one by one.</summary>
    public async Task<RunSendOutcome> SendRunAsync(ClaimsPrincipal user, Guid runId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var run = await db.BillingRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, ct);
        var site = run is null ? null : await access.ManagedAsync(db, user, run.SiteId, ct);
        if (run is null || site is null)
        {
            return new(0, [text["Billing.Run.Unknown"]]);
        }

        var ids = await db.Invoices.AsNoTracking()
            .Where(i => i.BillingRunId == runId && i.IssuedUtc != null && i.Kind != InvoiceKind.VacancyStatement && i.SentUtc == null)
            .OrderBy(i => i.Number).Select(i => i.Id).ToListAsync(ct);
        var sent = 0;
        var errors = new List<string>();
        foreach (var id in ids)
        {
            var outcome = await SendAsync(user, id, ct);
            if (outcome.Sent)
            {
                sent++;
            }
            else
            {
                errors.Add(outcome.Error!);
            }
        }

        return new(sent, errors);
    }

    private async Task<SendOutcome> SendAsync(PortalDbContext db, ClaimsPrincipal user, Invoice invoice, string siteName, CancellationToken ct)
    {
        if (!invoice.IsIssued || invoice.Kind == InvoiceKind.VacancyStatement)
        {
            return new(text["Ledger.Send.NotSendable"]);
        }

        if (string.IsNullOrWhiteSpace(invoice.RecipientEmail))
        {
            return new(text["Ledger.Send.NoAddress", invoice.RecipientName, invoice.NumberText ?? ""]);
        }

        if (await invoices.PdfAsync(user, invoice.Id, ct) is not { } pdf)
        {
            return new(text["Billing.Invoice.Unknown"]);
        }

        var outcome = await mailer.SendAsync(Draft(invoice, siteName, pdf), ct);
        if (!outcome.Succeeded)
        {
            return new($"{invoice.NumberText}: {text[outcome.ErrorKey!, outcome.Detail ?? ""]}");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        // Only the sending columns (and the status of an invoice not yet further): the database refuses any other change.
        await db.Invoices.Where(i => i.Id == invoice.Id).ExecuteUpdateAsync(i => i
            .SetProperty(x => x.SentUtc, now)
            .SetProperty(x => x.SentTo, invoice.RecipientEmail)
            .SetProperty(x => x.Status, invoice.Status == InvoiceStatus.Issued ? InvoiceStatus.Sent : invoice.Status), ct);
        return new((string?)null);
    }

    private MailDraft Draft(Invoice invoice, string siteName, InvoiceFile pdf)
    {
        using var language = InvoiceCulture.Enter(invoice);
        var culture = CultureInfo.CurrentCulture;
        var number = invoice.NumberText ?? "";
        var first = invoice.PeriodStart.ToString("d", culture);
        var last = invoice.PeriodEnd.AddDays(-1).ToString("d", culture);
        var amount = invoice.AmountDue.ToString("N2", culture);
        var (subject, body) = invoice.Kind == InvoiceKind.CreditNote
            ? (text["Ledger.Mail.CreditNoteSubject", number, invoice.BillingPointName].Value,
               text["Ledger.Mail.CreditNoteBody", invoice.RecipientName, number, invoice.BillingPointName, first, last, (-invoice.Total).ToString("N2", culture), invoice.Currency, siteName].Value)
            : (text["Ledger.Mail.InvoiceSubject", number, invoice.BillingPointName].Value,
               text["Ledger.Mail.InvoiceBody", invoice.RecipientName, number, invoice.BillingPointName, first, last, amount, invoice.Currency, invoice.DueDate?.ToString("d", culture) ?? "", siteName].Value);
        return new MailDraft(new MailRecipient(invoice.RecipientName, invoice.RecipientEmail!), subject, body, [new MailAttachment(pdf.FileName, pdf.Contents, "application/pdf")]);
    }
}
