using System.Text;
using Portal.Contracts;
using Portal.Contracts.Control;
using Portal.Contracts.Mqtt;

namespace Portal.Tests.Control;

/// <summary>The figures of a decision on the wire (control/decisions): additive within schema 1.</summary>
public sealed class DecisionFiguresContractTests
{
    private static readonly DateTimeOffset At = new(2026, 6, 21, 11, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Figures_round_trip_with_their_kinds_in_camel_case()
    {
        var message = new ControlDecisionMessage(ContractVersion.Current, "gw-1", 7, At,
        [
            new ControlAction(ControlTargetKind.Relay, "boiler", DecisionReason.ThresholdOff, On: false, Detail: "650.0 Wh at the grid point",
                Figures: [new(FigureKind.GridEnergyWh, 650.0m), new(FigureKind.IntervalSeconds, 900m), new(FigureKind.OffAboveWh, 625m)]),
            new ControlAction(ControlTargetKind.Charger, "cp-1", DecisionReason.PhaseLimit, LimitA: 7.5m, Phases: 1,
                Figures: [new(FigureKind.FuseLimitA, 22m), new(FigureKind.HeadroomL1A, 0.4m), new(FigureKind.SurplusW, -120m)]),
        ]);

        var json = ContractParser.Serialize(message);
        var parsed = ContractParser.ParseControlDecision(json);

        Assert.True(parsed.IsValid, parsed.Error?.Message);
        Assert.Equal(message.Actions[0].Figures, parsed.Value!.Actions[0].Figures);
        Assert.Equal(message.Actions[1].Figures, parsed.Value.Actions[1].Figures);
        Assert.Equal("650.0 Wh at the grid point", parsed.Value.Actions[0].Detail);
        Assert.Contains("\"kind\":\"gridEnergyWh\",\"value\":650.0", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
    }

    [Fact]
    public void A_decision_from_an_edge_without_figures_still_parses_with_its_text()
    {
        var json = """{"schema":1,"gatewayId":"gw-1","sequence":3,"at":"2026-06-21T11:00:00+00:00","actions":[{"kind":"relay","targetId":"boiler","reason":"solarSurplus","on":true,"detail":"surplus 2400 W"}]}""";

        var parsed = ContractParser.ParseControlDecision(Encoding.UTF8.GetBytes(json));

        Assert.True(parsed.IsValid, parsed.Error?.Message);
        Assert.Null(parsed.Value!.Actions[0].Figures);
        Assert.Equal("surplus 2400 W", parsed.Value.Actions[0].Detail);
    }

    [Fact]
    public void A_figure_of_an_unknown_kind_is_refused_as_malformed_not_thrown()
    {
        var json = """{"schema":1,"gatewayId":"gw-1","sequence":3,"at":"2026-06-21T11:00:00+00:00","actions":[{"kind":"relay","targetId":"boiler","reason":"solarSurplus","on":true,"figures":[{"kind":"bogusW","value":1}]}]}""";

        var parsed = ContractParser.ParseControlDecision(Encoding.UTF8.GetBytes(json));

        Assert.False(parsed.IsValid);
        Assert.Equal(ContractErrorKind.MalformedJson, parsed.Error!.Kind);
    }
}
