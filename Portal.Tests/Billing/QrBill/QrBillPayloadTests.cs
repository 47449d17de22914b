using Portal.Billing;

namespace Portal.Tests.Billing;

public sealed class QrBillPayloadTests
{
    [Fact]
    public void QR11_the_worked_example_reproduces_line_for_line()
    {
        string[] expected =
        [
            "SPC", "0200", "1", "CH5800791123000889012",
            "S", "ZEV Sonnenhof", "Bahnhofstrasse", "12", "8001", "Zürich", "CH",
            "", "", "", "", "", "", "",
            "216.20", "CHF",
            "S", "Anna Beispiel", "Sonnenweg", "3", "8001", "Zürich", "CH",
            "SCOR", "RF96ZEV2025Q1W12", "Strom Q1 2025, Wohnung 12", "EPD",
            "//S1/10/2025-0112/11/250415/32/8.1",
        ];

        var text = QrBillPayload.Text(QrBillSamples.WorkedExample);

        Assert.Equal(string.Join('\n', expected), text);
        Assert.DoesNotContain('\r', text);
        Assert.False(text.EndsWith('\n'));
    }

    [Fact]
    public void QR05_every_element_is_present_in_order_and_an_open_bill_ends_with_EPD()
    {
        var lines = QrBillPayload.Text(QrBillSamples.OpenBill).Split('\n');

        Assert.Equal(31, lines.Length);
        Assert.Equal(["SPC", "0200", "1", QrBillSamples.SampleIban, "S"], lines[..5]);
        Assert.All(lines[11..18], l => Assert.Equal("", l)); // ultimate creditor
        Assert.Equal("", lines[18]); // open amount
        Assert.Equal("CHF", lines[19]);
        Assert.All(lines[20..27], l => Assert.Equal("", l)); // no debtor
        Assert.Equal(["NON", "", "", "EPD"], lines[27..]);
    }

    [Fact]
    public void QR05_amounts_have_two_decimals_with_a_point_in_every_culture()
    {
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("fr-CH");
        try
        {
            Assert.Equal("5.00", Element(QrBillSamples.OpenBill with { Amount = 5m }, 18));
            Assert.Equal("999999999.99", Element(QrBillSamples.OpenBill with { Amount = 999_999_999.99m }, 18));
            Assert.Equal("0.01", Element(QrBillSamples.OpenBill with { Amount = 0.010m }, 18));
            Assert.Equal("EUR", Element(QrBillSamples.OpenBill with { Currency = QrBillCurrency.EUR }, 19));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void QR07_a_QR_IBAN_bill_carries_QRR_and_its_27_digits_and_spaces_are_removed()
    {
        var bill = QrBillSamples.QrReferenceBill with { Account = "CH44 3199 9123 0008 8901 2", Reference = PaymentReference.Qrr("21 00000 00003 13947 14300 09017") };

        var lines = QrBillPayload.Text(bill).Split('\n');

        Assert.Equal(QrBillSamples.SampleQrIban, lines[3]);
        Assert.Equal(["QRR", QrBillSamples.SampleQrReference], lines[27..29]);
    }

    [Fact]
    public void QR05_a_street_without_building_number_leaves_its_element_empty()
    {
        var bill = QrBillSamples.OpenBill with { Creditor = QrBillSamples.Creditor with { Street = "Postfach", BuildingNumber = null } };

        Assert.Equal(["S", "ZEV Sonnenhof", "Postfach", "", "8001", "Zürich", "CH"], QrBillPayload.Text(bill).Split('\n')[4..11]);
    }

    [Fact]
    public void A_bill_with_problems_is_never_encoded() =>
        Assert.Throws<InvalidOperationException>(() => QrBillPayload.Text(QrBillSamples.OpenBill with { Account = "CH5800791123000889013" }));

    private static string Element(QrBill bill, int index) => QrBillPayload.Text(bill).Split('\n')[index];
}
