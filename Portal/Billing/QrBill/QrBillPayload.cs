using System.Globalization;

namespace Portal.Billing;

/// <summary>
/// The text a QR-bill's code carries (Swiss Payments Code, QR-05): 31 elements in their fixed order, LF-separated,
/// the billing information as element 32 when there is one, no line break after the last element.
/// </summary>
public static class QrBillPayload
{
    /// <summary>The payload of <paramref name="bill"/>; a bill with <see cref="QrBillValidator.Problems"/> is refused.</summary>
    public static string Text(QrBill bill)
    {
        var problems = QrBillValidator.Problems(bill);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("A QR-bill with problems is never encoded: " + string.Join("; ", problems));
        }

        var elements = new List<string> { "SPC", "0200", "1", Iban.Compact(bill.Account) };
        elements.AddRange(Address(bill.Creditor));
        elements.AddRange(Enumerable.Repeat("", 7)); // ultimate creditor: reserved, empty (QR-05 12-18)
        elements.Add(bill.Amount is { } amount ? amount.ToString("0.00", CultureInfo.InvariantCulture) : "");
        elements.Add(bill.Currency.ToString());
        elements.AddRange(bill.Debtor is { } debtor ? Address(debtor) : Enumerable.Repeat("", 7));
        elements.Add(bill.Reference.Code);
        elements.Add(bill.Reference.Value);
        elements.Add(bill.UnstructuredMessage ?? "");
        elements.Add("EPD");
        if (!string.IsNullOrEmpty(bill.BillingInformation))
        {
            elements.Add(bill.BillingInformation);
        }

        return string.Join('\n', elements);
    }

    private static string[] Address(StructuredAddress a) =>
        ["S", a.Name, a.Street ?? "", a.BuildingNumber ?? "", a.PostalCode, a.Town, a.Country];
}
