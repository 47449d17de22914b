using System.Xml.Linq;
using Portal.Energy;
using Portal.Tests.Support;

namespace Portal.Tests.Energy;

/// <summary>The dashboard asks for texts by computed keys (figures, flow nodes, periods), which the pages' key scan cannot see.</summary>
public sealed class EnergyDashboardTextsTests
{
    public static TheoryData<string> Files => new() { "SharedResource.resx", "SharedResource.fr.resx", "SharedResource.de.resx" };

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_computed_text_of_the_dashboard_exists_in_every_language(string file)
    {
        var keys = XDocument.Load(Path.Combine(RepositoryPaths.PortalProject, "Localization", file)).Root!.Elements("data")
            .Select(e => (string)e.Attribute("name")!).ToHashSet();
        var none = new EnergyKpis(0, 0, 0, 0, 0, null, null, 0);
        var asked = EnergyKpiFigure.Of(none, null, null).SelectMany(f => new[] { f.TextKey, f.DefinitionKey })
            .Concat(Enum.GetValues<FlowNode>().Select(n => $"Energy.Flow.{n}"))
            .Concat(Enum.GetValues<PeriodKind>().Select(k => $"Energy.Period.{k}"))
            .Concat(["Energy.Period.EndBeforeStart", "Energy.Period.TooLong", "Energy.Period.InFuture", "Energy.Period.TooEarly", EnergyPeriodQuery.InvalidText]);

        Assert.Empty(asked.Except(keys));
    }
}
