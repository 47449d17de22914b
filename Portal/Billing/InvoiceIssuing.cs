using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.Documents;
using Portal.Localization;

namespace Portal.Billing;

/// <summary>
/// What issuing gives an invoice besides its number: its QR reference (QRR with a QR-IBAN, else SCOR: QR-07), its
/// QR-bill (QR-05..QR-10) and its PDF, frozen with its SHA-256. Pure apart from the renderer; one place for the
/// rules that make an invoice payable.
/// </summary>
public sealed class InvoiceIssuing(InvoiceDocument document, IPdfRenderer renderer, IStringLocalizer<SharedResource> text)
{
    /// <summary>The postal addresses of residents, by account id (absent: the resident has none, which blocks issuing).</summary>
    public async Task<Dictionary<Guid, StructuredAddress>> AddressesAsync(PortalDbContext db, IReadOnlyCollection<Guid> residents, CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => residents.Contains(u.Id) && u.PostalAddress != null)
            .ToDictionaryAsync(u => u.Id, u => u.PostalAddress!, ct);

    /// <summary>Gives a numbered invoice (or credit note, or vacancy statement, naming <paramref name="creditedNumber"/>) its reference and PDF.</summary>
    public void Complete(Invoice invoice, InvoiceIssuer issuer, TimeZoneInfo zone, string? creditedNumber = null)
    {
        if (invoice.Kind == InvoiceKind.Invoice && invoice.Number is { } number)
        {
            invoice.Reference = ReferenceFor(issuer.Iban, invoice.SiteId, number).Value;
        }

        var pdf = renderer.Render(document.Build(invoice, issuer, BillOf(invoice, issuer), zone, creditedNumber));
        invoice.Pdf = pdf;
        invoice.PdfSha256 = Convert.ToHexStringLower(SHA256.HashData(pdf));
    }

    /// <summary>
    /// The reference of invoice <paramref name="number"/> of a site: the site's six-digit code (from its id) and the
    /// number, as a QRR (26 digits + check digit, QR-08) for a QR-IBAN, else as an ISO 11649 SCOR (QR-09). Unique per
    /// site and number, so a payment finds its invoice again (camt.054).
    /// </summary>
    public static PaymentReference ReferenceFor(string iban, Guid siteId, int number)
    {
        var site = SiteCode(siteId);
        return Iban.IsQrIban(iban)
            ? PaymentReference.Qrr(QrReference.Create($"{site:D6}{number:D20}"))
            : PaymentReference.Scor(CreditorReference.Create($"{site:D6}{number:D6}"));
    }

    /// <summary>The QR-bill of an invoice with something to pay; null for a credit note, a statement or nothing due.</summary>
    public QrBill? BillOf(Invoice invoice, InvoiceIssuer issuer)
    {
        if (invoice.Kind != InvoiceKind.Invoice || invoice.AmountDue <= 0 || invoice.Reference is null)
        {
            return null;
        }

        var debtor = invoice.RecipientPostalCode is null || invoice.RecipientTown is null || invoice.RecipientCountry is null
            ? null
            : new StructuredAddress(invoice.RecipientName, invoice.RecipientStreet, invoice.RecipientBuildingNumber, invoice.RecipientPostalCode, invoice.RecipientTown, invoice.RecipientCountry);
        var rates = invoice.Lines.Select(l => l.VatRatePercent).Distinct().ToList();
        var billing = new SwicoBillingInformation(invoice.NumberText, invoice.IssueDate, issuer.VatRegistered ? issuer.VatNumber : null, issuer.VatRegistered && rates.Count == 1 ? rates[0] : null);
        var bill = new QrBill(
            issuer.Iban,
            new StructuredAddress(issuer.Name, NullIfEmpty(issuer.Street), NullIfEmpty(issuer.BuildingNumber), issuer.PostalCode, issuer.Town, issuer.Country),
            invoice.AmountDue,
            invoice.Currency == "EUR" ? QrBillCurrency.EUR : QrBillCurrency.CHF,
            debtor,
            Iban.IsQrIban(issuer.Iban) ? PaymentReference.Qrr(invoice.Reference) : PaymentReference.Scor(invoice.Reference),
            Truncate(text["Billing.Doc.QrMessage", invoice.NumberText ?? "", invoice.BillingPointName].Value, 60),
            billing.Text());
        var problems = QrBillValidator.Problems(bill);
        return problems.Count == 0 ? bill : throw new InvalidOperationException(
            $"Invoice {invoice.NumberText} would get an invalid QR-bill: {string.Join(", ", problems.Select(p => p.Key))}.");
    }

    private static int SiteCode(Guid siteId) => (int)(BitConverter.ToUInt32(siteId.ToByteArray(), 0) % 1_000_000);

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
