using Portal.Documents;
using Portal.Tests.Support;

namespace Portal.Tests.Documents;

public sealed class PdfRendererTests
{
    [Fact]
    public async Task Rendered_pdf_reads_back_with_accents_symbols_and_table_cells()
    {
        var document = new PrintedDocument("Résidence Les Tilleuls – rapport", [
            new Heading("Compteurs"),
            new Paragraph("Facteur TC 200/5 × 40, énergie en kWh."),
            new Table([new("Compteur"), new("kWh", CellAlignment.Right)], [["Appartement 1.1", "1’234.5"], ["Communs", "87.0"]]),
        ], Footer: "Portail énergie");

        var text = await PdfText.ExtractAsync(new PdfSharpRenderer().Render(document));

        Assert.Contains("Résidence Les Tilleuls – rapport", text, StringComparison.Ordinal);
        Assert.Contains("200/5 × 40", text, StringComparison.Ordinal);
        Assert.Contains("Appartement 1.1", text, StringComparison.Ordinal);
        Assert.Contains("1’234.5", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Long_tables_continue_on_new_pages_with_the_header_repeated()
    {
        var rows = Enumerable.Range(1, 120).Select(i => (IReadOnlyList<string>)[$"Meter {i:000}", $"{i * 1.5m:0.0}"]).ToList();
        var document = new PrintedDocument("Meter list", [new Table([new("Meter"), new("kWh", CellAlignment.Right)], rows)]);

        var text = await PdfText.ExtractAsync(new PdfSharpRenderer().Render(document));
        var pages = text.Split('\f', StringSplitOptions.RemoveEmptyEntries);

        Assert.True(pages.Length >= 3, $"expected several pages, got {pages.Length}");
        Assert.All(pages, page => Assert.Contains("Meter", page, StringComparison.Ordinal));
        Assert.Contains("Meter 120", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_renderer_used_from_several_threads_at_once_renders_each_document_as_it_does_alone()
    {
        // Issuing renders a run's invoices on every core with the one shared renderer (fonts, measure context).
        var renderer = new PdfSharpRenderer();
        var documents = Enumerable.Range(1, 4).Select(n => new PrintedDocument($"Facture {n}", [
            new Heading($"Appartement {n}.1"),
            new Table([new("Compteur"), new("kWh", CellAlignment.Right)],
                [.. Enumerable.Range(1, 30 * n).Select(i => (IReadOnlyList<string>)[$"Compteur {n}-{i:000}", $"{i * n},5"])]),
        ])).ToList();
        var alone = new List<string>();
        foreach (var document in documents)
        {
            alone.Add(await PdfText.ExtractAsync(renderer.Render(document)));
        }

        var together = new byte[documents.Count * 6][];
        Parallel.For(0, together.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => together[i] = renderer.Render(documents[i % documents.Count]));

        for (var i = 0; i < together.Length; i++)
        {
            Assert.Equal(alone[i % documents.Count], await PdfText.ExtractAsync(together[i]));
        }
    }
}
