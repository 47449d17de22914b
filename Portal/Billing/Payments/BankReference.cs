namespace Portal.Billing.Payments;

/// <summary>The kind of structured creditor reference a payment carries (QR-07).</summary>
public enum BankReferenceKind
{
    /// <summary>QR reference: 27 digits, the last a mod-10 recursive check digit (QR-08).</summary>
    Qrr,

    /// <summary>ISO 11649 creditor reference <c>RF..</c> (QR-09).</summary>
    Scor,

    /// <summary>Any other structured reference a bank passed on; it matches no invoice of ours.</summary>
    Other,
}

/// <summary>
/// A structured creditor reference, normalised as invoices store it: no spaces, upper case
/// (banks and payers print QRR in 2+5x5 groups and SCOR in groups of 4, QR-08/QR-09).
/// </summary>
public sealed record BankReference(BankReferenceKind Kind, string Value)
{
    /// <summary>The reference from its printed or transmitted form; null when nothing is left after normalising.</summary>
    public static BankReference? Parse(string? text)
    {
        var value = Normalize(text);
        if (value.Length == 0)
        {
            return null;
        }

        var kind = value.Length == 27 && value.All(char.IsAsciiDigit) ? BankReferenceKind.Qrr
            : value.StartsWith("RF", StringComparison.Ordinal) && value.Length is >= 5 and <= 25 ? BankReferenceKind.Scor
            : BankReferenceKind.Other;
        return new BankReference(kind, value);
    }

    /// <summary>Without white space, upper case: the form references are compared in.</summary>
    public static string Normalize(string? text) =>
        string.Concat((text ?? "").Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();

    public override string ToString() => Value;
}
