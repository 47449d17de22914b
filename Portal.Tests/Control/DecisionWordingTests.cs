using System.Globalization;
using Portal.Contracts.Control;
using Portal.Control;
using Portal.Tests.Commissioning;

namespace Portal.Tests.Control;

/// <summary>The timeline words a decision's figures in the reader's language and number format (<see cref="ControlWords.Detail"/>).</summary>
public sealed class DecisionWordingTests
{
    private static ControlDecisionRecord Decision(params DecisionFigure[] figures) => new()
    {
        GatewayId = "gw-1", TargetId = "boiler", Kind = ControlTargetKind.Relay, Reason = DecisionReason.ThresholdOff, On = false,
        Detail = "625.0 Wh at the grid point", Figures = figures,
    };

    [Fact]
    public void In_fr_CH_a_threshold_decision_reads_in_French_with_a_decimal_comma_and_energy_in_kWh()
    {
        var decision = Decision(new(FigureKind.GridEnergyWh, 650m), new(FigureKind.IntervalSeconds, 900m), new(FigureKind.OffAboveWh, 625m));

        var text = ControlWords.Detail(decision, CommissioningTestKit.SharedIn("fr-CH"), new CultureInfo("fr-CH"));

        Assert.Equal("0,65 kWh au point de raccordement, sur 15 min, arrêt au-dessus de 0,625 kWh", text);
    }

    [Fact]
    public void In_de_CH_a_solar_decision_reads_in_German_with_the_Swiss_thousands_apostrophe()
    {
        var decision = Decision(new(FigureKind.SurplusW, 2400m), new(FigureKind.NeedW, 3000m), new(FigureKind.GridImportW, -2400m));

        var text = ControlWords.Detail(decision, CommissioningTestKit.SharedIn("de-CH"), new CultureInfo("de-CH"));

        Assert.Equal("Überschuss 2’400 W, braucht 3’000 W, Netz -2’400 W", text);
    }

    [Fact]
    public void In_fr_CH_thousands_are_grouped_with_a_space_and_currents_keep_one_decimal()
    {
        var french = new CultureInfo("fr-CH");
        var decision = Decision(new(FigureKind.ZoneW, 11040m), new(FigureKind.FuseLimitA, 22m), new(FigureKind.HeadroomL1A, 0.4m));

        var text = ControlWords.Detail(decision, CommissioningTestKit.SharedIn("fr-CH"), french);

        var space = french.NumberFormat.NumberGroupSeparator;
        Assert.True(char.IsWhiteSpace(space, 0), $"fr-CH groups with '{space}'");
        Assert.Equal($"zone 11{space}040 W, limite du coupe-circuit 22,0 A, 0,4 A restants sur L1", text);
    }

    [Fact]
    public void A_decision_from_an_older_edge_shows_its_English_text()
    {
        var decision = Decision();
        decision.Figures = null;

        Assert.Equal("625.0 Wh at the grid point", ControlWords.Detail(decision, CommissioningTestKit.SharedIn("fr-CH"), new CultureInfo("fr-CH")));
    }

    [Fact]
    public void Every_figure_kind_has_its_words_in_English_French_and_German()
    {
        foreach (var culture in new[] { "en-CH", "fr-CH", "de-CH" })
        {
            var text = CommissioningTestKit.SharedIn(culture);
            foreach (var kind in Enum.GetValues<FigureKind>())
            {
                Assert.Contains("7", ControlWords.Figure(new DecisionFigure(kind, 7000m), text, new CultureInfo(culture)), StringComparison.Ordinal);
            }
        }
    }
}
