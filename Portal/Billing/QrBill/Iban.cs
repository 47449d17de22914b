namespace Portal.Billing;

/// <summary>
/// The creditor's account on a QR-bill (QR-05 element 4): a Swiss or Liechtenstein IBAN of 21 characters
/// whose ISO 7064 check passes. A QR-IBAN (QR-07) has an institution id of 30000-31999 in positions 5-9 and
/// takes only QR references. Every method accepts the IBAN as people write it (spaces, lower case).
/// </summary>
public static class Iban
{
    public const int Length = 21;

    /// <summary>The IBAN without spaces, in upper case (the form the QR code carries).</summary>
    public static string Compact(string iban) =>
        string.Concat(iban.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();

    /// <summary>True for an IBAN of any country whose two check digits pass (letters and digits only).</summary>
    public static bool HasValidCheckDigits(string iban)
    {
        var compact = Compact(iban);
        return compact.Length is >= 15 and <= 34
            && char.IsAsciiLetterUpper(compact[0]) && char.IsAsciiLetterUpper(compact[1])
            && char.IsAsciiDigit(compact[2]) && char.IsAsciiDigit(compact[3])
            && Mod97.Passes(compact);
    }

    /// <summary>True when the IBAN is Swiss or Liechtenstein (CH/LI) by its country code, whatever its length or check.</summary>
    public static bool IsSwissOrLiechtenstein(string iban) => Compact(iban) is ['C', 'H', ..] or ['L', 'I', ..];

    /// <summary>True for a CH or LI IBAN of 21 characters, the 5-digit institution id numeric, whose check passes (QR-05).</summary>
    public static bool IsValid(string iban)
    {
        var compact = Compact(iban);
        return compact.Length == Length && IsSwissOrLiechtenstein(compact)
            && compact[4..9].All(char.IsAsciiDigit) && HasValidCheckDigits(compact);
    }

    /// <summary>True for a valid IBAN whose institution id (positions 5-9) is 30000-31999 (QR-07).</summary>
    public static bool IsQrIban(string iban)
    {
        var compact = Compact(iban);
        return IsValid(compact) && int.Parse(compact[4..9], System.Globalization.CultureInfo.InvariantCulture) is >= 30000 and <= 31999;
    }

    /// <summary>The IBAN in groups of four, as printed on the payment part and the receipt ("CH58 0079 1123 0008 8901 2").</summary>
    public static string Format(string iban) => Groups.OfFour(Compact(iban));
}
