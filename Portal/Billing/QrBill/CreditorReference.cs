namespace Portal.Billing;

/// <summary>
/// The ISO 11649 creditor reference (SCOR, QR-09): "RF", two mod-97 check digits and up to 21 letters or digits,
/// 5-25 characters in all; the structured reference of a bill paid to a normal IBAN (QR-07). Printed in groups of 4.
/// </summary>
public static class CreditorReference
{
    public const int MinLength = 5;
    public const int MaxLength = 25;

    /// <summary>"RF" + check digits + <paramref name="reference"/> (1-21 letters or digits, spaces ignored, any case).</summary>
    public static string Create(string reference)
    {
        var body = Compact(reference);
        if (body.Length is 0 or > MaxLength - 4 || !body.All(Mod97.IsAlphanumeric))
        {
            throw new ArgumentException($"A creditor reference is made of 1 to 21 letters or digits, not \"{reference}\".", nameof(reference));
        }

        return "RF" + Mod97.CheckDigits("RF", body) + body;
    }

    /// <summary>True for "RF", two digits and letters or digits, 5-25 characters (spaces ignored), whose mod-97 check passes.</summary>
    public static bool IsValid(string reference)
    {
        var compact = Compact(reference);
        return compact.Length is >= MinLength and <= MaxLength
            && compact.StartsWith("RF", StringComparison.Ordinal)
            && char.IsAsciiDigit(compact[2]) && char.IsAsciiDigit(compact[3])
            && Mod97.Passes(compact);
    }

    /// <summary>The reference as printed: "RF96 ZEV2 025Q 1W12".</summary>
    public static string Format(string reference) => Groups.OfFour(Compact(reference));

    /// <summary>The reference without spaces, in upper case (the form the QR code carries).</summary>
    public static string Compact(string reference) => string.Concat(reference.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();
}
