using System.Globalization;

namespace Portal.Billing;

/// <summary>
/// The structured billing information of a QR-bill in Swico S1 syntax (QR-10): invoice number (tag 10), invoice
/// date (11, YYMMDD), the issuer's VAT number as its digits (30) and the VAT rate in percent (32); absent parts are
/// left out. "/" and "\" inside a value are escaped with "\".
/// </summary>
public sealed record SwicoBillingInformation(string? InvoiceNumber, DateOnly? InvoiceDate, string? VatNumber, decimal? VatRate)
{
    public string Text()
    {
        var text = "//S1";
        if (!string.IsNullOrEmpty(InvoiceNumber))
        {
            text += "/10/" + Escape(InvoiceNumber);
        }

        if (InvoiceDate is { } date)
        {
            text += "/11/" + date.ToString("yyMMdd", CultureInfo.InvariantCulture);
        }

        if (!string.IsNullOrEmpty(VatNumber))
        {
            // "CHE-123.456.789 MWST" is 123456789.
            text += "/30/" + string.Concat(VatNumber.Where(char.IsAsciiDigit));
        }

        if (VatRate is { } rate)
        {
            text += "/32/" + rate.ToString("0.##", CultureInfo.InvariantCulture);
        }

        return text;
    }

    private static string Escape(string value) => value.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("/", @"\/", StringComparison.Ordinal);
}
