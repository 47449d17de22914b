using System.Globalization;
using System.Xml.Linq;
using Portal.Localization;
using Portal.Tests.Support;

namespace Portal.Tests.Localization;

public sealed class LocalizationTests
{
    private static readonly string ResourceFolder = Path.Combine(RepositoryPaths.PortalProject, "Localization");

    [Theory]
    [InlineData("fr")]
    [InlineData("de")]
    public void Every_English_text_has_a_translation(string language)
    {
        var english = Keys("SharedResource.resx");
        var translated = Keys($"SharedResource.{language}.resx");

        Assert.Empty(english.Except(translated));
        Assert.Empty(translated.Except(english));
    }

    [Fact]
    public void Every_text_the_pages_ask_for_exists_in_the_resources()
    {
        var english = Keys("SharedResource.resx");
        var asked = Directory.EnumerateFiles(Path.Combine(RepositoryPaths.PortalProject, "Components"), "*.razor", SearchOption.AllDirectories)
            .SelectMany(file => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(file), "L\\[\"(?<key>[A-Za-z.]+)\"").Select(m => m.Groups["key"].Value))
            .ToHashSet();

        Assert.NotEmpty(asked);
        Assert.Empty(asked.Except(english));
    }

    [Theory]
    [InlineData("de-CH", "CHF 1’234.50")]
    [InlineData("fr-CH", "CHF 1 234,50")]
    [InlineData("en-CH", "CHF 1’234.50")]
    public void Amounts_are_written_in_francs_the_way_each_language_writes_them(string culture, string expected)
    {
        var written = PortalCultures.Chf(1234.5m, new CultureInfo(culture));

        // ICU uses a narrow no-break space as the French group separator.
        Assert.Equal(expected, written.Replace('\u202F', ' ').Replace('\u00A0', ' '));
    }

    [Theory]
    [InlineData("de-CH", "22.11.2026")]
    [InlineData("fr-CH", "22.11.2026")]
    [InlineData("en-CH", "22.11.2026")]
    public void Dates_follow_the_language_and_the_site_time_zone(string culture, string expectedDate)
    {
        // 23:30 UTC is already the next day in Zurich (UTC+1 in November).
        var instant = new DateTimeOffset(2026, 11, 21, 23, 30, 0, TimeSpan.Zero);
        var zurich = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");

        var written = PortalCultures.LocalDateTime(instant, zurich, new CultureInfo(culture));

        Assert.True(written.StartsWith(expectedDate, StringComparison.Ordinal), written);
        Assert.Contains("00:30", written, StringComparison.Ordinal);
    }

    private static HashSet<string> Keys(string file) =>
        XDocument.Load(Path.Combine(ResourceFolder, file)).Root!.Elements("data").Select(e => (string)e.Attribute("name")!).ToHashSet();
}
