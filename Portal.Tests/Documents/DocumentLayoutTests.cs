using Portal.Documents;
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
        AssertApartAndInside(pages, page, $"{kind} ({culture})");
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

    private static void AssertApartAndInside(IReadOnlyList<PdfPageWords> pages, PageSetup page, string what)
    {

        // pdftotext's boxes follow the font's ascent and descent, which may differ a little from the layout's own.
        const double Slack = 1;
        var problems = new List<string>();
        foreach (var p in pages)
        {
            problems.AddRange(p.Words
                .Where(w => w.XMin < page.Left - Slack || w.XMax > page.Right + Slack || w.YMin < page.Top - Slack || w.YMax > page.Bottom + Slack)
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
