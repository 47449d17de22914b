using Portal.Billing;

namespace Portal.Tests.Billing;

/// <summary>The bills of BILLING.md the QR-bill tests share: the QR-11 worked example and the IG's QRR sample.</summary>
internal static class QrBillSamples
{
    public const string SampleIban = "CH5800791123000889012";
    public const string SampleQrIban = "CH4431999123000889012";
    public const string SampleQrReference = "210000000003139471430009017";

    public static StructuredAddress Creditor { get; } = new("ZEV Sonnenhof", "Bahnhofstrasse", "12", "8001", "Zürich", "CH");

    public static StructuredAddress Debtor { get; } = new("Anna Beispiel", "Sonnenweg", "3", "8001", "Zürich", "CH");

    /// <summary>QR-11: a ZEV quarter invoice with a creditor reference and Swico billing information.</summary>
    public static QrBill WorkedExample { get; } = new(
        SampleIban,
        Creditor,
        216.20m,
        QrBillCurrency.CHF,
        Debtor,
        PaymentReference.Scor("RF96ZEV2025Q1W12"),
        "Strom Q1 2025, Wohnung 12",
        new SwicoBillingInformation("2025-0112", new DateOnly(2025, 4, 15), null, 8.1m).Text());

    /// <summary>The IG's QR-IBAN with its QR reference (QR-07, QR-08).</summary>
    public static QrBill QrReferenceBill { get; } = new(
        SampleQrIban,
        Creditor,
        1949.75m,
        QrBillCurrency.CHF,
        Debtor with { Name = "Pia-Maria Rutschmann-Schnyder", Street = "Grosse Marktgasse", BuildingNumber = "28", PostalCode = "9400", Town = "Rorschach" },
        PaymentReference.Qrr(SampleQrReference),
        "Auftrag vom 15.06.2020");

    /// <summary>No amount, no debtor, no reference: the payer fills in the blank fields (QR-04).</summary>
    public static QrBill OpenBill { get; } = new(SampleIban, Creditor, null, QrBillCurrency.CHF, null, PaymentReference.None);
}
