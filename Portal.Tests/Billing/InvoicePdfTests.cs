using System.Globalization;
using Portal.Billing;
using Portal.Documents;
using Portal.Tests.Commissioning;
using Portal.Tests.Support;

namespace Portal.Tests.Billing;

public sealed class InvoicePdfTests
{
    private static readonly TimeZoneInfo Zurich = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");

    [Fact]
    public async Task INV04_INV05_an_issued_invoice_prints_totals_vat_amount_due_kwh_readings_and_its_QR_bill_amount()
    {
        var (issuing, invoice) = (Issuing("en-CH"), InvoiceSamples.Quarter());

        var pdf = InEnglish(() => { issuing.Complete(invoice, InvoiceSamples.Issuer, Zurich); return invoice.Pdf!; });
        var text = Normalised(await PdfText.ExtractAsync(pdf));

        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4), StringComparison.Ordinal);
        foreach (var expected in new[]
        {
            "Invoice 000042", "ZEV Sonnenhof", "CHE-123.456.789 MWST", "Anna Beispiel", "Wohnung 12",
            "Subtotal 120.00", "VAT 8.1 % 9.72", "129.72", "-100.00", "29.72",
            "300.000 kWh", "150.000 kWh", "50.000 kWh", "0.30",
            "Zähler Wohnung 12 1’234.5 kWh 1’734.5 kWh 500.0 kWh",
            "not known", "Consumption per day", "Solar kWh", "Grid kWh",
        })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }

        var bill = issuing.BillOf(invoice, InvoiceSamples.Issuer)!;
        Assert.Equal(29.72m, bill.Amount);
        Assert.Contains(bill.Reference.Printed, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QR02_the_QR_code_of_an_issued_invoice_decodes_to_its_payload()
    {
        var (issuing, invoice) = (Issuing("en-CH"), InvoiceSamples.Quarter());
        var pdf = InEnglish(() => { issuing.Complete(invoice, InvoiceSamples.Issuer, Zurich); return invoice.Pdf!; });
        // A bill with a debtor is a code of version 7 or more: zbar needs the Swiss cross whited out (see PdfQrCodes).
        Assert.Contains(QrBillPayload.Text(issuing.BillOf(invoice, InvoiceSamples.Issuer)!), await PdfQrCodes.DecodeAsync(pdf, [PdfQrCodes.SwissCrossOfPaymentPart]));
    }

    [Fact]
    public async Task A_credit_note_names_the_credited_invoice_and_has_no_payment_part()
    {
        var issuing = Issuing("en-CH");
        var credit = InvoiceSamples.Quarter();
        credit.Kind = InvoiceKind.CreditNote;
        credit.Number = 43;
        credit.Total = -129.72m;
        credit.AmountDue = -129.72m;
        credit.AdvancesPaid = 0;

        var pdf = InEnglish(() => { issuing.Complete(credit, InvoiceSamples.Issuer, Zurich, creditedNumber: "000042"); return credit.Pdf!; });
        var text = Normalised(await PdfText.ExtractAsync(pdf));

        Assert.Contains("Credit note 000043", text, StringComparison.Ordinal);
        Assert.Contains("Credits invoice 000042", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Payment part", text, StringComparison.Ordinal);
        Assert.DoesNotContain(await PdfQrCodes.DecodeAsync(pdf), code => code.StartsWith("SPC", StringComparison.Ordinal));
        Assert.Null(credit.Reference);
    }

    [Fact]
    public async Task A_chart_with_a_bar_per_day_and_a_legend_keeps_its_labels_apart_inside_the_margins()
    {
        var bars = Enumerable.Range(1, 92).Select(d => new ChartBar($"{d:00}.{(d % 12) + 1:00}", [d % 5, 3m])).ToList();
        var document = new PrintedDocument("Chart", [new BarChart("Consumption per day", ["Solar kWh", "Grid kWh"], bars, "kWh", "none")]);

        var pages = await PdfText.WordsAsync(new PdfSharpRenderer().Render(document));

        var words = pages.Single().Words;
        Assert.Contains(words, w => w.Text == "Solar");
        Assert.Contains(words, w => w.Text == "7");
        for (var i = 0; i < words.Count; i++)
        {
            Assert.InRange(words[i].XMin, PageSetup.A4.Left - 1, PageSetup.A4.Right + 1);
            Assert.InRange(words[i].XMax, PageSetup.A4.Left - 1, PageSetup.A4.Right + 1);
            for (var j = i + 1; j < words.Count; j++)
            {
                Assert.False(words[i].Overlaps(words[j]), $"{words[i]} overlaps {words[j]}");
            }
        }
    }

    private static InvoiceIssuing Issuing(string culture)
    {
        var text = CommissioningTestKit.SharedIn(culture);
        return new InvoiceIssuing(new InvoiceDocument(text), new PdfSharpRenderer(), text);
    }

    private static T InEnglish<T>(Func<T> make)
    {
        var (ui, format) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en-CH");
        try
        {
            return make();
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, format);
        }
    }

    // pdftotext -layout keeps columns apart with runs of spaces: one space is enough to read a row.
    private static string Normalised(string text) => System.Text.RegularExpressions.Regex.Replace(text, "[ \t]+", " ");
}
