namespace Portal.Billing;

/// <summary>Who issues a site's invoices and is paid: structured address (QR-06), IBAN or QR-IBAN, VAT number when registered (INV-01).</summary>
public sealed record InvoiceIssuer(string Name, string Street, string BuildingNumber, string PostalCode, string Town, string Country, string Iban, bool VatRegistered, string? VatNumber);

/// <summary>
/// Everything a billing run needs from the site's tariffs over its period: the tariff segments with their HT/NT
/// calendar and prices, the issuer, the payment term, the site's labels of invoice lines (missing kinds take the
/// portal's text in the recipient's language), and the problems that block issuing (a tariff missing on some days,
/// an IBAN that fails its check, an incomplete issuer address) as ready-to-show messages.
/// </summary>
public sealed record BillingTerms(
    IReadOnlyList<(TariffSegment Segment, TariffPrices Prices)> Segments,
    InvoiceIssuer? Issuer,
    int PaymentTermDays,
    IReadOnlyDictionary<InvoiceLineKind, string> Labels,
    IReadOnlyList<string> Problems);

/// <summary>Where a billing run gets its terms from (the site's tariffs and billing settings); internal, no access check.</summary>
public interface IBillingTermsSource
{
    Task<BillingTerms> ForAsync(Guid siteId, BillingPeriod period, TimeZoneInfo zone, CancellationToken ct);
}
