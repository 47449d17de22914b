using Portal.Billing;
using Portal.Documents;
using Portal.Tests.Commissioning;
using Portal.Tests.Support;

namespace Portal.Tests.Documents;

public sealed class DocumentLayoutTests
{
    public static TheoryData<PrintedDocumentKind, string> EveryDocumentInEveryLanguage()
    {
        var data = new TheoryData<PrintedDocumentKind, string>();
        foreach (var kind in Enum.GetValues<PrintedDocumentKind>())
        {
            foreach (var culture in new[] { "en-CH", "fr-CH", "de-CH" })
            {
                data.Add(kind, culture);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryDocumentInEveryLanguage))]
    public async Task Every_document_with_long_names_keeps_every_word_apart_and_inside_the_margins(PrintedDocumentKind kind, string culture)
    {
        var document = LongNameSamples.Build(kind, culture);
        var page = document.Page ?? PageSetup.A4;

        var pages = await PdfText.WordsAsync(new PdfSharpRenderer().Render(document));

        Assert.True(pages.Count > 1, "the long sample should run onto several pages");
        if (document.Blocks[^1] is QrBillPaymentPart)
        {
            AssertApartAndInside(pages.SkipLast(1).ToList(), page, $"{kind} ({culture})");
            AssertApartAndInside([pages[^1]], page, $"{kind} ({culture}), the payment part's page", paymentPartTop: pages[^1].Height - (PaymentPartLayout.HeightMm * PageSetup.PointsPerMm));
        }
        else
        {
            AssertApartAndInside(pages, page, $"{kind} ({culture})");
        }
    }

    [Fact]
    public async Task Invoice_like_blocks_align_numbers_right_repeat_headers_and_keep_totals_apart()
    {
        var rows = Enumerable.Range(1, 70).Select(i => (IReadOnlyList<string>)[$"Hochtarifenergiebezug Wohnung {i}", $"{i * 12.5m:N2}", $"{i * 3.1m:N2}"]).ToList();
        var document = new PrintedDocument(
            "Rechnung 2026-0042",
            [
                new KeyValues([new("Rechnungsempfängerin", LongNameSamples.Field("Genossenschaftssiedlungsverwaltung Sonnenhalde")), new("Periode", "01.10.2026 – 31.12.2026")]),
                new Table([new("Position"), new("kWh", CellAlignment.Right), new("CHF", CellAlignment.Right, MinMm: 25)], rows, Totals: [["Total", "55’687.50", "13’810.50"]]),
            ],
            Footer: "Energieportal",
            PageNumber: "Seite {0} von {1}");

        var pdf = new PdfSharpRenderer().Render(document);
        var pages = await PdfText.WordsAsync(pdf);
        var text = await PdfText.ExtractAsync(pdf);

        AssertApartAndInside(pages, PageSetup.A4, "invoice");
        Assert.True(pages.Count >= 2);
        Assert.All(pages, p => Assert.Contains(p.Words, w => w.Text == "Position"));
        Assert.Contains($"Seite {pages.Count} von {pages.Count}", text, StringComparison.Ordinal);
        var amounts = pages.SelectMany(p => p.Words).Where(w => w.Text.Contains('.', StringComparison.Ordinal) && char.IsDigit(w.Text[^1])).ToList();
        var rightEdges = amounts.Select(w => Math.Round(w.XMax)).Distinct().ToList();
        Assert.InRange(rightEdges.Count, 2, 4); // two number columns, every amount flush right (±1 pt of rounding)
        Assert.Contains("13’810.50", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en-CH")]
    [InlineData("fr-CH")]
    [InlineData("de-CH")]
    public async Task QR01_a_payment_part_with_every_field_at_its_limit_keeps_words_apart_and_nothing_else_below_the_cut_line(string culture)
    {
        StructuredAddress Longest(string name) => new StructuredAddress(
            LongNameSamples.Field(name, StructuredAddress.NameLength),
            LongNameSamples.Field("Donaudampfschifffahrtsgesellschaftsstrasse", StructuredAddress.StreetLength),
            "1234567890123456",
            "8001123456789012",
            LongNameSamples.Field("Zürich-Hottingen Oberstrass", StructuredAddress.TownLength),
            "FR");
        var bill = new QrBill(
            "CH44 3199 9123 0008 8901 2",
            Longest("Genossenschaftssiedlungsverwaltung Sonnenhalde"),
            999_999_999.99m,
            QrBillCurrency.CHF,
            Longest("Marie-Christine Leuenberger-Vonlanthen-Oberholzer"),
            PaymentReference.Qrr("210000000003139471430009017"),
            LongNameSamples.Field("Elektrizitätsabrechnung Wohnung 3.12 Dachgeschoss links", 93),
            new SwicoBillingInformation("2026-0042", new DateOnly(2026, 12, 31), "CHE-123.456.789", 8.1m).Text());
        var rows = Enumerable.Range(1, 40).Select(i => (IReadOnlyList<string>)[$"Hochtarifenergiebezug Wohnung {i}", $"{i * 12.5m:N2}"]).ToList();
        var document = new PrintedDocument(
            "Rechnung 2026-0042",
            [
                new Table([new("Position"), new("CHF", CellAlignment.Right)], rows),
                new QrBillPaymentPart(bill, QrBillTexts.From(CommissioningTestKit.SharedIn(culture))),
            ],
            Footer: LongNameSamples.Field("Genossenschaftssiedlungsverwaltung Sonnenhalde, 8001 Zürich", 150));

        var pages = await PdfText.WordsAsync(new PdfSharpRenderer().Render(document));

        Assert.Empty(QrBillValidator.Problems(bill));
        AssertApartAndInside(pages.SkipLast(1).ToList(), PageSetup.A4, $"pages before the payment part ({culture})");
        AssertApartAndInside([pages[^1]], PageSetup.A4, $"the payment part's page ({culture})", paymentPartTop: pages[^1].Height - (PaymentPartLayout.HeightMm * PageSetup.PointsPerMm));
    }

    private static void AssertApartAndInside(IReadOnlyList<PdfPageWords> pages, PageSetup page, string what, double? paymentPartTop = null)
    {

        // pdftotext's boxes follow the font's ascent and descent, which may differ a little from the layout's own.
        const double Slack = 1;
        var problems = new List<string>();
        foreach (var p in pages)
        {
            // QR-01: below the cut line only the payment part, 5 mm from the paper's edges; above it the page's margins.
            var edge = PaymentPartLayout.MarginMm * PageSetup.PointsPerMm;
            bool InPaymentPart(PdfWord w) => paymentPartTop is { } top && w.YMin >= top;
            problems.AddRange(p.Words
                .Where(w => InPaymentPart(w)
                    ? w.XMin < edge - Slack || w.XMax > p.Width - edge + Slack || w.YMax > p.Height - edge + Slack
                    : w.XMin < page.Left - Slack || w.XMax > page.Right + Slack || w.YMin < page.Top - Slack || w.YMax > Math.Min(page.Bottom, paymentPartTop ?? double.MaxValue) + Slack)
                .Select(w => $"page {p.Number}: {w} outside the margins"));
            for (var i = 0; i < p.Words.Count; i++)
            {
                for (var j = i + 1; j < p.Words.Count; j++)
                {
                    if (p.Words[i].Overlaps(p.Words[j]))
                    {
                        problems.Add($"page {p.Number}: {p.Words[i]} overlaps {p.Words[j]}");
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, $"{problems.Count} problems in {what}:\n" + string.Join('\n', problems.Take(25)));
    }
}
