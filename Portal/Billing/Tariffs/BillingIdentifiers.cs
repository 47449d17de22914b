using System.Text.RegularExpressions;

namespace Portal.Billing.Tariffs;

/// <summary>
/// The checks the billing settings make on the IBAN and the VAT number. The IBAN check here is the ISO 13616 mod-97
/// test only; the QR-bill's own IBAN type (QR-IBAN or not, QR-07) lives in Portal.Billing.QrBill.
/// </summary>
internal static partial class BillingIdentifiers
{
    /// <summary>Upper case without spaces, as stored and as the QR code carries it.</summary>
    public static string CompactIban(string? iban) => new((iban ?? "").Where(c => !char.IsWhiteSpace(c)).Select(char.ToUpperInvariant).ToArray());

    /// <summary>A compact IBAN of 15-34 letters and digits whose mod-97 remainder is 1.</summary>
    public static bool IsValidIban(string compact)
    {
        if (compact.Length is < 15 or > TariffLimits.IbanLength || !IbanShape().IsMatch(compact))
        {
            return false;
        }

        var remainder = 0;
        foreach (var c in compact[4..] + compact[..4])
        {
            var value = char.IsDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = value < 10 ? ((remainder * 10) + value) % 97 : ((remainder * 100) + value) % 97;
        }

        return remainder == 1;
    }

    /// <summary>The Swiss UID-based VAT number: <c>CHE-123.456.789 MWST</c> (or TVA, IVA).</summary>
    public static bool IsValidVatNumber(string? number) => number is not null && VatNumberShape().IsMatch(number.Trim());

    [GeneratedRegex("^[A-Z]{2}[0-9]{2}[A-Z0-9]+$")]
    private static partial Regex IbanShape();

    [GeneratedRegex("^CHE-[0-9]{3}\\.[0-9]{3}\\.[0-9]{3} (MWST|TVA|IVA)$")]
    private static partial Regex VatNumberShape();
}
