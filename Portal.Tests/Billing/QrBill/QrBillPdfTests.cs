using System.Globalization;
using Portal.Billing;
using Portal.Documents;
using Portal.Tests.Commissioning;
using Portal.Tests.Support;

namespace Portal.Tests.Billing;

public sealed class QrBillPdfTests
{
    public static TheoryData<string, string> Bills() => new()
    {
        { "worked example", "en-CH" },
        { "QR reference", "de-CH" },
        { "open", "fr-CH" },
    };

    [Theory]
    [MemberData(nameof(Bills))]
    public async Task QR02_the_code_in_the_rendered_pdf_decodes_to_the_payload_and_passes_the_checks(string which, string culture)
    {
        var bill = Bill(which);
        var pdf = new PdfSharpRenderer().Render(Invoice(bill, culture));

        // The Swiss cross is read as damage (see PdfQrCodes): zbar needs it blanked on codes of version 7 and more.
        var decoded = Assert.Single(await PdfQrCodes.DecodeAsync(pdf, [SwissCross]));

        Assert.Equal(QrBillPayload.Text(bill), decoded);
        var lines = decoded.Split('\n');
        Assert.Equal(["SPC", "0200", "1"], lines[..3]);
        var reparsed = bill with { Account = lines[3], Reference = new PaymentReference(bill.Reference.Type, lines[28]) };
        Assert.Empty(QrBillValidator.Problems(reparsed));
    }

    [Fact]
    public async Task QR02_a_small_code_decodes_with_its_Swiss_cross_as_printed()
    {
        var pdf = new PdfSharpRenderer().Render(Invoice(QrBillSamples.OpenBill, "en-CH"));

        Assert.Equal([QrBillPayload.Text(QrBillSamples.OpenBill)], await PdfQrCodes.DecodeAsync(pdf));
    }

    private static PdfSquare SwissCross => PdfQrCodes.SwissCrossOfPaymentPart;

    [Fact]
    public async Task QR01_the_payment_part_shows_amount_IBAN_and_reference_in_groups_in_its_language()
    {
        var pdf = new PdfSharpRenderer().Render(Invoice(QrBillSamples.QrReferenceBill, "de-CH"));

        var text = await PdfText.ExtractAsync(pdf);

        Assert.Contains("1 949.75", text, StringComparison.Ordinal);
        Assert.Contains("CH44 3199 9123 0008 8901 2", text, StringComparison.Ordinal);
        Assert.Contains("21 00000 00003 13947 14300 09017", text, StringComparison.Ordinal);
        foreach (var heading in new[] { "Empfangsschein", "Zahlteil", "Konto / Zahlbar an", "Referenz", "Zusätzliche Informationen", "Zahlbar durch", "Währung", "Betrag", "Annahmestelle", "Vor der Einzahlung abzutrennen" })
        {
            Assert.Contains(heading, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task QR01_the_payment_part_fills_the_bottom_105_mm_with_the_receipt_on_the_left()
    {
        var pdf = new PdfSharpRenderer().Render(Invoice(QrBillSamples.WorkedExample, "en-CH"));

        var page = (await PdfText.WordsAsync(pdf))[^1];

        var top = page.Height - (105 * PageSetup.PointsPerMm);
        var receiptRight = 62 * PageSetup.PointsPerMm;
        var receipt = page.Words.Single(w => w.Text == "Receipt");
        var payment = page.Words.First(w => w.Text == "Payment");
        Assert.InRange(receipt.YMin, top, top + (8 * PageSetup.PointsPerMm));
        Assert.True(receipt.XMax < receiptRight, $"{receipt} on the receipt");
        Assert.True(payment.XMin > receiptRight, $"{payment} on the payment part");
        Assert.Equal(payment.YMin, receipt.YMin, 0.5);
        Assert.All(page.Words.Where(w => w.YMin < top), w => Assert.True(w.YMax <= top, $"{w} crosses the cut line"));
    }

    [Fact]
    public async Task QR04_an_open_bill_prints_payable_by_name_address_and_no_amount()
    {
        var text = await PdfText.ExtractAsync(new PdfSharpRenderer().Render(Invoice(QrBillSamples.OpenBill, "en-CH")));

        Assert.Contains("Payable by (name/address)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Reference", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Additional information", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bill_with_problems_is_never_printed() =>
        Assert.Throws<InvalidOperationException>(() => new QrBillPaymentPart(QrBillSamples.WorkedExample with { Account = QrBillSamples.SampleQrIban }, QrBillTexts.From(CommissioningTestKit.SharedIn("en-CH"))));

    [Fact]
    public void QR01_the_payment_part_starts_a_new_page_when_the_current_one_has_no_room()
    {
        var rows = Enumerable.Range(1, 30).Select(i => (IReadOnlyList<string>)[$"Line {i}", $"{i}.00"]).ToList();
        var texts = QrBillTexts.From(CommissioningTestKit.SharedIn("en-CH"));
        var measure = new FixedMeasure();

        var fits = DocumentLayout.Lay(new PrintedDocument("Invoice", [new Table([new("Item"), new("CHF")], rows[..3]), new QrBillPaymentPart(QrBillSamples.WorkedExample, texts)]), measure);
        var tall = DocumentLayout.Lay(new PrintedDocument("Invoice", [new Table([new("Item"), new("CHF")], rows), new QrBillPaymentPart(QrBillSamples.WorkedExample, texts)]), measure);

        Assert.Single(fits);
        Assert.NotNull(fits[0].PaymentPartTop);
        Assert.Equal(2, tall.Count);
        Assert.Null(tall[0].PaymentPartTop);
        Assert.NotNull(tall[1].PaymentPartTop);
        Assert.Single(tall[1].QrCodes);
        var qr = tall[1].QrCodes[0];
        Assert.Equal(46 * PageSetup.PointsPerMm, qr.Size, 3);
        Assert.Equal(QrBillPayload.Text(QrBillSamples.WorkedExample), qr.Payload);
    }

    [Fact]
    public void QR04_blank_fields_are_the_sizes_of_the_IG_when_amount_and_debtor_are_absent()
    {
        var page = Assert.Single(DocumentLayout.Lay(new PrintedDocument("Invoice", [new QrBillPaymentPart(QrBillSamples.OpenBill, QrBillTexts.From(CommissioningTestKit.SharedIn("en-CH")))]), new FixedMeasure()));

        var sizes = page.BlankFields.Select(f => (Math.Round(f.Width / PageSetup.PointsPerMm), Math.Round(f.Height / PageSetup.PointsPerMm))).Order().ToList();

        Assert.Equal([(30d, 10d), (40d, 15d), (52d, 20d), (65d, 25d)], sizes);
        Assert.Empty(DocumentLayout.Lay(new PrintedDocument("Invoice", [new QrBillPaymentPart(QrBillSamples.WorkedExample, QrBillTexts.From(CommissioningTestKit.SharedIn("en-CH")))]), new FixedMeasure())[0].BlankFields);
    }

    internal static PrintedDocument Invoice(QrBill bill, string culture)
    {
        var (ui, format) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            return new PrintedDocument(
                "Rechnung 2025-0112",
                [
                    new KeyValues([new("Periode", "01.01.2025 – 31.03.2025")]),
                    new Table([new("Position"), new("CHF", CellAlignment.Right)], [["Solarstrom", "120.00"], ["Netzstrom", "96.20"]], Totals: [["Total", "216.20"]]),
                    new QrBillPaymentPart(bill, QrBillTexts.From(CommissioningTestKit.SharedIn(culture))),
                ],
                Footer: "ZEV Sonnenhof",
                PageNumber: "{0} / {1}");
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, format);
        }
    }

    private static QrBill Bill(string which) => which switch
    {
        "worked example" => QrBillSamples.WorkedExample,
        "QR reference" => QrBillSamples.QrReferenceBill,
        _ => QrBillSamples.OpenBill,
    };

    /// <summary>Every character 5 pt wide, lines 12 pt apart: enough to test where the layout puts things.</summary>
    private sealed class FixedMeasure : ITextMeasure
    {
        public double Width(string text, TextStyle style) => text.Length * 5;

        public double LineHeight(TextStyle style) => 12;
    }
}
