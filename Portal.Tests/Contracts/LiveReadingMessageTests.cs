using System.Text;
using Portal.Contracts;
using Portal.Contracts.Mqtt;

namespace Portal.Tests.Contracts;

public sealed class LiveReadingMessageTests
{
    private static readonly DateTimeOffset At = new(2026, 6, 21, 10, 3, 7, TimeSpan.Zero);

    private static LiveReadingMessage WithPhases() => new(
        ContractVersion.Current, "gw-1", "apt-3", At, 2345.6m, 1_234_567, 89,
        new PhaseTriple(231.2m, 229.8m, 230.4m),
        new PhaseTriple(4.1m, 3.2m, 2.9m),
        new PhaseTriple(900.1m, 735.5m, 710m),
        50.01m);

    private static string Json(LiveReadingMessage m) => Encoding.UTF8.GetString(ContractParser.Serialize(m));

    private static ParseResult<LiveReadingMessage> Parse(string json) => ContractParser.ParseLive(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Live_message_with_phase_values_round_trips()
    {
        var json = Json(WithPhases());

        var parsed = Parse(json);

        Assert.True(parsed.IsValid, parsed.Error?.ToString());
        Assert.Equal(WithPhases(), parsed.Value);
        Assert.Contains("\"voltageV\":{\"l1\":231.2,\"l2\":229.8,\"l3\":230.4}", json, StringComparison.Ordinal);
        Assert.Contains("\"frequencyHz\":50.01", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Live_message_from_an_older_gateway_without_phase_values_is_still_valid()
    {
        const string json = """
            {"schema":1,"gatewayId":"gw-1","meterId":"apt-3","measuredAt":"2026-06-21T10:03:07+00:00",
             "activePowerW":-1500.5,"importRegisterWh":10,"exportRegisterWh":20}
            """;

        var parsed = Parse(json);

        Assert.True(parsed.IsValid, parsed.Error?.ToString());
        Assert.Null(parsed.Value!.VoltageV);
        Assert.Null(parsed.Value.FrequencyHz);
    }

    [Fact]
    public void Missing_phase_values_are_left_out_of_the_json_not_written_as_null()
    {
        var json = Json(WithPhases() with { VoltageV = null, FrequencyHz = null });

        Assert.DoesNotContain("voltageV", json, StringComparison.Ordinal);
        Assert.DoesNotContain("frequencyHz", json, StringComparison.Ordinal);
        Assert.True(Parse(json).IsValid);
    }

    [Fact]
    public void A_single_missing_phase_is_null_and_accepted()
    {
        var json = Json(WithPhases() with { CurrentA = new PhaseTriple(4.1m, null, 2.9m) });

        var parsed = Parse(json);

        Assert.True(parsed.IsValid, parsed.Error?.ToString());
        Assert.Null(parsed.Value!.CurrentA!.L2);
    }

    [Theory]
    [InlineData("\"l1\":231.2", "\"l1\":-5", "voltageV")]
    [InlineData("\"l1\":231.2", "\"l1\":1200", "voltageV")]
    [InlineData("\"l2\":3.2", "\"l2\":250000", "currentA")]
    [InlineData("\"l3\":710", "\"l3\":-20000000", "activePowerPhaseW")]
    [InlineData("\"frequencyHz\":50.01", "\"frequencyHz\":400", "frequencyHz")]
    [InlineData("\"importRegisterWh\":1234567", "\"importRegisterWh\":-1", "registers")]
    public void Implausible_live_values_are_rejected_naming_the_field(string original, string replacement, string mentioned)
    {
        var json = Json(WithPhases());
        Assert.Contains(original, json, StringComparison.Ordinal);

        var error = Parse(json.Replace(original, replacement, StringComparison.Ordinal)).Error;

        Assert.Equal(ContractErrorKind.InvalidValue, error?.Kind);
        Assert.Contains(mentioned, error!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"frequencyHz\":50.01", "\"frequencyHz\":\"fast\"")]
    [InlineData("\"voltageV\":{", "\"voltageV\":[1,2,3],\"x\":{")]
    public void Wrongly_typed_phase_values_are_malformed(string original, string replacement)
    {
        var json = Json(WithPhases()).Replace(original, replacement, StringComparison.Ordinal);

        Assert.Equal(ContractErrorKind.MalformedJson, Parse(json).Error?.Kind);
    }
}
