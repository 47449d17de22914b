using System.Globalization;

namespace Portal.Billing;

/// <summary>
/// Everything that would make a bank refuse a QR-bill (SIX IG 2.3, BILLING.md QR-02..QR-10), each as a
/// <see cref="QrBillProblem"/>. A bill with problems is never encoded or printed.
/// </summary>
public static class QrBillValidator
{
    public static IReadOnlyList<QrBillProblem> Problems(QrBill bill)
    {
        var problems = new List<QrBillProblem>();
        void Add(string key, QrBillField field, params object[] arguments) => problems.Add(new QrBillProblem($"QrBill.Problem.{key}", field, arguments));

        // QR-05 element 4, QR-07.
        var account = Iban.Compact(bill.Account);
        if (!Iban.IsSwissOrLiechtenstein(account))
        {
            Add("AccountNotSwiss", QrBillField.Account, bill.Account);
        }
        else if (!Iban.IsValid(account))
        {
            Add("AccountInvalid", QrBillField.Account, bill.Account);
        }

        var qrIban = Iban.IsQrIban(account);
        var reference = bill.Reference;
        switch (reference.Type)
        {
            case PaymentReferenceType.Qrr when !QrReference.IsValid(reference.Value):
                Add("QrReferenceInvalid", QrBillField.Reference, reference.Value);
                break;
            case PaymentReferenceType.Scor when !CreditorReference.IsValid(reference.Value):
                Add("CreditorReferenceInvalid", QrBillField.Reference, reference.Value);
                break;
            case PaymentReferenceType.None when reference.Value.Length > 0:
                Add("ReferenceNotExpected", QrBillField.Reference, reference.Value);
                break;
        }

        if (qrIban && reference.Type != PaymentReferenceType.Qrr)
        {
            Add("QrIbanNeedsQrReference", QrBillField.Reference, Iban.Format(account));
        }
        else if (!qrIban && Iban.IsValid(account) && reference.Type == PaymentReferenceType.Qrr)
        {
            Add("QrReferenceNeedsQrIban", QrBillField.Reference, Iban.Format(account));
        }

        // QR-05 element 19: 0.01 to 999999999.99, at most two decimals.
        if (bill.Amount is { } amount && (amount < QrBill.MinAmount || amount > QrBill.MaxAmount || decimal.Round(amount, 2) != amount))
        {
            Add("AmountOutOfRange", QrBillField.Amount, amount.ToString(CultureInfo.InvariantCulture));
        }

        Address(bill.Creditor, creditor: true, Add);
        if (bill.Debtor is { } debtor)
        {
            Address(debtor, creditor: false, Add);
        }

        Text(bill.UnstructuredMessage, QrBillField.UnstructuredMessage, QrBill.AdditionalInformationLength, Add);
        Text(bill.BillingInformation, QrBillField.BillingInformation, QrBill.AdditionalInformationLength, Add);
        var shared = (bill.UnstructuredMessage?.Length ?? 0) + (bill.BillingInformation?.Length ?? 0);
        if (shared > QrBill.AdditionalInformationLength)
        {
            // QR-10: both together.
            Add("AdditionalInformationTooLong", QrBillField.BillingInformation, QrBill.AdditionalInformationLength, shared);
        }

        return problems;
    }

    /// <summary>True for the characters the IG allows with coding type 1 (QR-02): printable Basic Latin, Latin-1 Supplement,
    /// Latin Extended-A, Ș ș Ț ț and €. Line breaks would split an element in two.</summary>
    public static bool IsAllowed(char c) =>
        c is (>= '\u0020' and <= '\u007E') or (>= '\u00A0' and <= '\u017F') or (>= '\u0218' and <= '\u021B') or '\u20AC';

    private static void Address(StructuredAddress address, bool creditor, Action<string, QrBillField, object[]> add)
    {
        QrBillField F(QrBillField c, QrBillField d) => creditor ? c : d;
        Required(address.Name, F(QrBillField.CreditorName, QrBillField.DebtorName), StructuredAddress.NameLength, add);
        Text(address.Street, F(QrBillField.CreditorStreet, QrBillField.DebtorStreet), StructuredAddress.StreetLength, add);
        Text(address.BuildingNumber, F(QrBillField.CreditorBuildingNumber, QrBillField.DebtorBuildingNumber), StructuredAddress.BuildingNumberLength, add);
        Required(address.PostalCode, F(QrBillField.CreditorPostalCode, QrBillField.DebtorPostalCode), StructuredAddress.PostalCodeLength, add);
        Required(address.Town, F(QrBillField.CreditorTown, QrBillField.DebtorTown), StructuredAddress.TownLength, add);
        if (!IsCountry(address.Country))
        {
            add("CountryInvalid", F(QrBillField.CreditorCountry, QrBillField.DebtorCountry), [address.Country]);
        }
    }

    private static void Required(string? value, QrBillField field, int length, Action<string, QrBillField, object[]> add)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            add("Required", field, []);
            return;
        }

        Text(value, field, length, add);
    }

    private static void Text(string? value, QrBillField field, int length, Action<string, QrBillField, object[]> add)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length > length)
        {
            add("TooLong", field, [length, value.Length]);
        }

        if (value.FirstOrDefault(c => !IsAllowed(c)) is var bad and not '\0')
        {
            add("CharacterNotAllowed", field, [bad.ToString()]);
        }
    }

    /// <summary>Two upper-case letters that name a region .NET knows (ISO 3166-1 alpha-2).</summary>
    private static bool IsCountry(string country)
    {
        if (country is not [>= 'A' and <= 'Z', >= 'A' and <= 'Z'])
        {
            return false;
        }

        try
        {
            return new RegionInfo(country).TwoLetterISORegionName == country;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
