using Portal.Billing;
using Portal.Tests.Commissioning;

namespace Portal.Tests.Billing;

public sealed class QrBillValidatorTests
{
    private static readonly QrBill Good = QrBillSamples.WorkedExample;

    [Fact]
    public void The_samples_have_no_problems()
    {
        Assert.Empty(QrBillValidator.Problems(QrBillSamples.WorkedExample));
        Assert.Empty(QrBillValidator.Problems(QrBillSamples.QrReferenceBill));
        Assert.Empty(QrBillValidator.Problems(QrBillSamples.OpenBill));
    }

    public static TheoryData<string, QrBill, string, QrBillField> BadBills() => new()
    {
        { "IBAN check fails", Good with { Account = "CH5800791123000889013" }, "AccountInvalid", QrBillField.Account },
        { "IBAN too short", Good with { Account = "CH580079112300088901" }, "AccountInvalid", QrBillField.Account },
        { "German IBAN", Good with { Account = "DE89370400440532013000" }, "AccountNotSwiss", QrBillField.Account },
        { "QR-07 QR-IBAN with SCOR", Good with { Account = QrBillSamples.SampleQrIban }, "QrIbanNeedsQrReference", QrBillField.Reference },
        { "QR-07 QR-IBAN without reference", QrBillSamples.OpenBill with { Account = QrBillSamples.SampleQrIban }, "QrIbanNeedsQrReference", QrBillField.Reference },
        { "QR-07 IBAN with QRR", QrBillSamples.QrReferenceBill with { Account = QrBillSamples.SampleIban }, "QrReferenceNeedsQrIban", QrBillField.Reference },
        { "QR-08 bad check digit", QrBillSamples.QrReferenceBill with { Reference = PaymentReference.Qrr("210000000003139471430009018") }, "QrReferenceInvalid", QrBillField.Reference },
        { "QR-09 bad check digits", Good with { Reference = PaymentReference.Scor("RF97ZEV2025Q1W12") }, "CreditorReferenceInvalid", QrBillField.Reference },
        { "NON with a value", Good with { Reference = new PaymentReference(PaymentReferenceType.None, "123") }, "ReferenceNotExpected", QrBillField.Reference },
        { "amount zero", Good with { Amount = 0m }, "AmountOutOfRange", QrBillField.Amount },
        { "amount too large", Good with { Amount = 1_000_000_000m }, "AmountOutOfRange", QrBillField.Amount },
        { "amount with three decimals", Good with { Amount = 1.005m }, "AmountOutOfRange", QrBillField.Amount },
        { "QR-05 creditor name of 71", Good with { Creditor = QrBillSamples.Creditor with { Name = new string('N', 71) } }, "TooLong", QrBillField.CreditorName },
        { "QR-05 street of 71", Good with { Creditor = QrBillSamples.Creditor with { Street = new string('S', 71) } }, "TooLong", QrBillField.CreditorStreet },
        { "QR-05 building number of 17", Good with { Debtor = QrBillSamples.Debtor with { BuildingNumber = new string('1', 17) } }, "TooLong", QrBillField.DebtorBuildingNumber },
        { "QR-05 postcode of 17", Good with { Debtor = QrBillSamples.Debtor with { PostalCode = new string('8', 17) } }, "TooLong", QrBillField.DebtorPostalCode },
        { "QR-05 town of 36", Good with { Creditor = QrBillSamples.Creditor with { Town = new string('Z', 36) } }, "TooLong", QrBillField.CreditorTown },
        { "creditor without name", Good with { Creditor = QrBillSamples.Creditor with { Name = " " } }, "Required", QrBillField.CreditorName },
        { "debtor without town", Good with { Debtor = QrBillSamples.Debtor with { Town = "" } }, "Required", QrBillField.DebtorTown },
        { "QR-06 country in lower case", Good with { Creditor = QrBillSamples.Creditor with { Country = "ch" } }, "CountryInvalid", QrBillField.CreditorCountry },
        { "QR-06 country of three letters", Good with { Debtor = QrBillSamples.Debtor with { Country = "CHE" } }, "CountryInvalid", QrBillField.DebtorCountry },
        { "QR-06 no such country", Good with { Debtor = QrBillSamples.Debtor with { Country = "QQ" } }, "CountryInvalid", QrBillField.DebtorCountry },
        { "QR-02 character outside Latin", Good with { UnstructuredMessage = "Strom ☀ Q1" }, "CharacterNotAllowed", QrBillField.UnstructuredMessage },
        { "QR-05 line break in a name", Good with { Debtor = QrBillSamples.Debtor with { Name = "Anna\nBeispiel" } }, "CharacterNotAllowed", QrBillField.DebtorName },
        { "QR-10 message of 141", Good with { UnstructuredMessage = new string('m', 141), BillingInformation = null }, "TooLong", QrBillField.UnstructuredMessage },
        { "QR-10 message + billing information over 140", Good with { UnstructuredMessage = new string('m', 107) }, "AdditionalInformationTooLong", QrBillField.BillingInformation },
    };

    [Theory]
    [MemberData(nameof(BadBills))]
    public void Each_problem_is_named_with_its_field(string what, QrBill bill, string key, QrBillField field)
    {
        var problems = QrBillValidator.Problems(bill);

        Assert.True(problems.Any(p => p.Key == $"QrBill.Problem.{key}" && p.Field == field), $"{what}: got {string.Join("; ", problems)}");
        Assert.Throws<InvalidOperationException>(() => QrBillPayload.Text(bill));
    }

    [Fact]
    public void QR10_exactly_140_shared_characters_pass()
    {
        var billing = Good.BillingInformation!;
        var bill = Good with { UnstructuredMessage = new string('m', 140 - billing.Length) };

        Assert.Empty(QrBillValidator.Problems(bill));
    }

    [Theory]
    [InlineData("en-CH", "Reference: the QR-IBAN CH44 3199 9123 0008 8901 2 takes only a QR reference.")]
    [InlineData("fr-CH", "Référence : le QR-IBAN CH44 3199 9123 0008 8901 2 n'accepte qu'une référence QR.")]
    [InlineData("de-CH", "Referenz: Die QR-IBAN CH44 3199 9123 0008 8901 2 verlangt eine QR-Referenz.")]
    public void Problems_read_in_the_reader_s_language(string culture, string expected)
    {
        var problem = Assert.Single(QrBillValidator.Problems(Good with { Account = QrBillSamples.SampleQrIban }));

        Assert.Equal(expected, problem.Describe(CommissioningTestKit.SharedIn(culture)));
    }

    [Fact]
    public void Field_lengths_are_described_with_limit_and_length() =>
        Assert.Equal(
            "Creditor's town has 36 characters; at most 35 are allowed.",
            Assert.Single(QrBillValidator.Problems(Good with { Creditor = QrBillSamples.Creditor with { Town = new string('Z', 36) } })).Describe(CommissioningTestKit.SharedIn("en-CH")));
}
