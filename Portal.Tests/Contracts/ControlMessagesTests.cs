using System.Text;
using Portal.Contracts.Control;
using Portal.Contracts.Mqtt;

namespace Portal.Tests.Contracts;

public sealed class ControlMessagesTests
{
    private static readonly DateTimeOffset At = new(2026, 6, 21, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_config_with_control_round_trips_with_its_relays_windows_and_chargers()
    {
        var control = new ControlConfig(
            ["grid"],
            [new RelayModuleConfig("rm-1", "WP8024", "b1", 5)],
            [new RelayConfig("boiler", "rm-1", 0, "Boiler", 2000, RelayMode.AutoWithTimer, 1, [Phase.L1],
                MinOnSeconds: 300, Windows: [new TimeWindowConfig([DayOfWeek.Monday], new TimeOnly(22, 0), new TimeOnly(6, 0))])],
            new EvZoneConfig(11000, 1380, ZonePhases.Auto, [new ChargerConfig("cp-1", [Phase.L2, Phase.L3, Phase.L1])]),
            new LoadManagementConfig(40, 2));
        var message = new GatewayConfigMessage(1, 3, At, "Europe/Zurich", 60, Control: control);

        var json = Encoding.UTF8.GetString(ContractParser.Serialize(message));
        var parsed = ContractParser.ParseConfig(Encoding.UTF8.GetBytes(json));

        Assert.True(parsed.IsValid, parsed.Error?.ToString());
        Assert.Contains("\"mode\":\"autoWithTimer\"", json);
        Assert.Contains("\"phaseMapping\":[\"L2\",\"L3\",\"L1\"]", json);
        var relay = Assert.Single(parsed.Value!.Control!.Relays);
        Assert.Equal(new TimeOnly(22, 0), relay.Windows![0].From);
        Assert.Equal([Phase.L2, Phase.L3, Phase.L1], parsed.Value.Control.EvZone!.Chargers[0].PhaseMapping);
    }

    [Fact]
    public void A_decision_with_an_unknown_reason_or_a_bad_id_is_refused_with_the_reason()
    {
        var good = ContractParser.Serialize(new ControlDecisionMessage(1, "gw-1", 7, At,
            [new ControlAction(ControlTargetKind.Charger, "cp-1", DecisionReason.PhaseLimit, LimitA: 8, Phases: 3)]));
        Assert.True(ContractParser.ParseControlDecision(good).IsValid);

        var unknownReason = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(good).Replace("phaseLimit", "whatever"));
        Assert.Equal(ContractErrorKind.MalformedJson, ContractParser.ParseControlDecision(unknownReason).Error!.Kind);

        var badId = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(good).Replace("cp-1", "cp/1"));
        Assert.Equal(ContractErrorKind.InvalidValue, ContractParser.ParseControlDecision(badId).Error!.Kind);
    }

    [Fact]
    public void Overrides_need_a_positive_version_and_utc_instants()
    {
        var message = new ControlOverridesMessage(1, 0, At, [new ManualRelayState("boiler", true)], []);
        var result = ContractParser.ParseControlOverrides(ContractParser.Serialize(message));

        Assert.Equal(ContractErrorKind.InvalidValue, result.Error!.Kind);
        Assert.True(ContractParser.ParseControlOverrides(ContractParser.Serialize(message with { Version = 1 })).IsValid);
    }
}
