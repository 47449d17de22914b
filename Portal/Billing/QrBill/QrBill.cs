namespace Portal.Billing;

/// <summary>The two currencies a QR-bill may be in (QR-05 element 20).</summary>
public enum QrBillCurrency
{
    CHF,
    EUR,
}

/// <summary>
/// What a Swiss QR-bill carries (SIX IG 2.3, BILLING.md QR-05): the creditor's account and structured address, the
/// amount (null: the payer fills it in), the currency, the debtor (null: blank field), the reference, a message and
/// the Swico billing information (<see cref="SwicoBillingInformation"/>). <see cref="QrBillValidator.Problems"/> says
/// what is wrong with one; <see cref="QrBillPayload.Text"/> and the PDF payment part refuse a bill with problems.
/// Lives in namespace <c>Portal.Billing</c> (not the folder's <c>Portal.Billing.QrBill</c>) so code in
/// <c>Portal.Billing</c> can name the type <c>QrBill</c> without it resolving to a namespace.
/// </summary>
public sealed record QrBill(
    string Account,
    StructuredAddress Creditor,
    decimal? Amount,
    QrBillCurrency Currency,
    StructuredAddress? Debtor,
    PaymentReference Reference,
    string? UnstructuredMessage = null,
    string? BillingInformation = null)
{
    public const decimal MinAmount = 0.01m;
    public const decimal MaxAmount = 999_999_999.99m;

    /// <summary>QR-10: the message and the billing information share these characters.</summary>
    public const int AdditionalInformationLength = 140;
}
