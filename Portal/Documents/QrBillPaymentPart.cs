using Microsoft.Extensions.Localization;
using Portal.Billing;
using Portal.Localization;

namespace Portal.Documents;

/// <summary>
/// The Swiss QR-bill's receipt and payment part (QR-01..QR-04), printed across the bottom 105 mm of a page: the
/// layout starts a new page when the current one has no room, and nothing else is drawn there. The bill must have
/// no <see cref="QrBillValidator.Problems"/>: a bill with problems is refused, never printed.
/// </summary>
public sealed record QrBillPaymentPart : DocumentBlock
{
    public QrBillPaymentPart(QrBill bill, QrBillTexts texts)
    {
        // Encoding validates: a bill a bank would refuse never reaches a page.
        Payload = QrBillPayload.Text(bill);
        Bill = bill;
        Texts = texts;
    }

    public QrBill Bill { get; }

    public QrBillTexts Texts { get; }

    /// <summary>What the QR code carries (<see cref="QrBillPayload.Text"/>).</summary>
    public string Payload { get; }
}

/// <summary>The payment part's headings in the reader's language, in the IG's official wording (resources QrBill.*).</summary>
public sealed record QrBillTexts(
    string Receipt,
    string PaymentPart,
    string AccountPayableTo,
    string Reference,
    string AdditionalInformation,
    string PayableBy,
    string PayableByNameAddress,
    string Currency,
    string Amount,
    string AcceptancePoint,
    string SeparateBeforePayingIn)
{
    public static QrBillTexts From(IStringLocalizer<SharedResource> text) => new(
        text["QrBill.Receipt"],
        text["QrBill.PaymentPart"],
        text["QrBill.AccountPayableTo"],
        text["QrBill.Reference"],
        text["QrBill.AdditionalInformation"],
        text["QrBill.PayableBy"],
        text["QrBill.PayableByNameAddress"],
        text["QrBill.Currency"],
        text["QrBill.Amount"],
        text["QrBill.AcceptancePoint"],
        text["QrBill.SeparateBeforePayingIn"]);
}
