using System.Text.RegularExpressions;
using System.Xml.Linq;
using Portal.Commissioning;
using Portal.Sites;
using Portal.Tests.Support;
using static Portal.Tests.Commissioning.CommissioningTestKit;

namespace Portal.Tests.Commissioning;

public sealed partial class CommissioningResourceTests
{
    private static readonly string Folder = Path.Combine(RepositoryPaths.PortalProject, "Commissioning");

    [Theory]
    [InlineData("fr")]
    [InlineData("de")]
    public void Every_English_text_has_a_translation(string language)
    {
        var english = Keys("CommissioningResource.resx");
        var translated = Keys($"CommissioningResource.{language}.resx");

        Assert.Empty(english.Except(translated));
        Assert.Empty(translated.Except(english));
    }

    [Fact]
    public void Every_key_written_in_the_commissioning_code_exists()
    {
        var english = Keys("CommissioningResource.resx");
        var used = Directory.EnumerateFiles(Folder, "*.cs")
            .SelectMany(file => QuotedKey().Matches(File.ReadAllText(file)).Select(m => m.Groups["key"].Value))
            .Where(key => !key.EndsWith('.'))
            .ToHashSet();

        Assert.NotEmpty(used);
        Assert.Empty(used.Except(english));
    }

    [Fact]
    public void Every_role_status_and_column_has_a_name_in_each_language()
    {
        foreach (var localizer in new[] { English, French, German })
        {
            // The kit's localizer throws on a missing key.
            Assert.All(Enum.GetValues<MeterRole>(), r => Assert.NotEmpty(localizer["Role." + r].Value));
            Assert.All(Enum.GetValues<InspectionStatus>(), s => Assert.NotEmpty(localizer["Inspection.Status." + s].Value));
            Assert.All(MeterColumn.InOrder, c => Assert.NotEmpty(localizer["Column." + c].Value));
        }
    }

    [Fact]
    public void Inspection_hints_are_keys_with_texts_in_each_language()
    {
        var hints = Keys("CommissioningResource.resx").Where(k => k.StartsWith("Inspection.", StringComparison.Ordinal) && !k.StartsWith("Inspection.Status.", StringComparison.Ordinal));

        Assert.All(hints, hint => Assert.NotEqual(English[hint].Value, French[hint].Value));
    }

    [Fact]
    public void The_default_localizer_follows_the_current_UI_culture()
    {
        var before = System.Globalization.CultureInfo.CurrentUICulture;
        try
        {
            System.Globalization.CultureInfo.CurrentUICulture = new("de-CH");
            Assert.Equal("Wärmepumpe", CommissioningResource.DefaultLocalizer["Role.HeatPump"].Value);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = before;
        }
    }

    private static HashSet<string> Keys(string file) =>
        XDocument.Load(Path.Combine(Folder, file)).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();

    [GeneratedRegex("\"(?<key>(?:Sheet|Name|Model|CtRatio|Serial|Bus|UnitId|Ref|Role|BillingPoint|Site|Inspection|Report)\\.[A-Za-z.]+)\"")]
    private static partial Regex QuotedKey();
}
