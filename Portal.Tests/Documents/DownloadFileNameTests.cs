using Portal.Documents;

namespace Portal.Tests.Documents;

public sealed class DownloadFileNameTests
{
    private static readonly DateOnly Day = new(2026, 11, 22);

    [Fact]
    public void Accents_are_kept_in_the_name_and_dropped_only_in_the_ascii_fallback()
    {
        var name = DownloadFileName.For("commissioning", "Résidence Les Tilleuls", Day, "pdf");

        Assert.Equal("commissioning-Résidence-Les-Tilleuls-20261122.pdf", name.Name);
        Assert.Equal("commissioning-Residence-Les-Tilleuls-20261122.pdf", name.AsciiName);
        Assert.Contains("filename=commissioning-Residence-Les-Tilleuls-20261122.pdf", name.ContentDisposition, StringComparison.Ordinal);
        Assert.Contains("filename*=UTF-8''commissioning-R%C3%A9sidence-Les-Tilleuls-20261122.pdf", name.ContentDisposition, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_site_name_gives_a_short_name_cut_at_a_word()
    {
        var site = string.Join(' ', Enumerable.Repeat("Genossenschaft Sonnenhalde Zürich", 12));

        var name = DownloadFileName.For("commissioning", site, Day, "csv");

        Assert.Equal("commissioning-Genossenschaft-Sonnenhalde-Zürich-20261122.csv", name.Name);
        Assert.True(name.AsciiName.Length <= 80);
    }

    [Fact]
    public void Separators_quotes_and_slashes_never_reach_the_name()
    {
        var name = DownloadFileName.For("commissioning", "../\"Chalet\" l'Ours; Zermatt\\", Day, "pdf");

        Assert.Equal("commissioning-Chalet-l-Ours-Zermatt-20261122.pdf", name.Name);
    }
}
