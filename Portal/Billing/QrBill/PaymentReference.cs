namespace Portal.Billing;

/// <summary>The three kinds of reference a QR-bill may carry (QR-05 element 28, QR-07).</summary>
public enum PaymentReferenceType
{
    /// <summary>QR reference (27 digits), only with a QR-IBAN.</summary>
    Qrr,

    /// <summary>ISO 11649 creditor reference (RF...), only with a normal IBAN.</summary>
    Scor,

    /// <summary>No reference ("NON"), only with a normal IBAN.</summary>
    None,
}

/// <summary>A bill's reference: its type and value (empty for <see cref="PaymentReferenceType.None"/>), stored without spaces.</summary>
public sealed record PaymentReference(PaymentReferenceType Type, string Value)
{
    public static PaymentReference None { get; } = new(PaymentReferenceType.None, "");

    public static PaymentReference Qrr(string reference) => new(PaymentReferenceType.Qrr, QrReference.Compact(reference));

    public static PaymentReference Scor(string reference) => new(PaymentReferenceType.Scor, CreditorReference.Compact(reference));

    /// <summary>The code of element 28: QRR, SCOR or NON.</summary>
    public string Code => Type switch
    {
        PaymentReferenceType.Qrr => "QRR",
        PaymentReferenceType.Scor => "SCOR",
        _ => "NON",
    };

    /// <summary>The value as printed in groups (QR-08, QR-09); empty for none.</summary>
    public string Printed => Type switch
    {
        PaymentReferenceType.Qrr => QrReference.Format(Value),
        PaymentReferenceType.Scor => CreditorReference.Format(Value),
        _ => "",
    };
}
