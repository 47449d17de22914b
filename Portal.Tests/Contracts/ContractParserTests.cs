using System.Text;
using Portal.Contracts;
using Portal.Contracts.Mqtt;

namespace Portal.Tests.Contracts;

public sealed class ContractParserTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 29, 0, 45, 0, TimeSpan.Zero);

    private static IntervalEnergyMessage Valid() =>
        new(ContractVersion.Current, "gw-1", "meter-7", 42, Start, Start.AddMinutes(15), 1234, 56, false);

    private static string Json(IntervalEnergyMessage m) => Encoding.UTF8.GetString(ContractParser.Serialize(m));

    private static ParseResult<IntervalEnergyMessage> Parse(string json) => ContractParser.ParseInterval(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Interval_message_round_trips_with_a_schema_field()
    {
        var json = Json(Valid());

        var parsed = Parse(json);

        Assert.Contains("\"schema\":1", json, StringComparison.Ordinal);
        Assert.True(parsed.IsValid, parsed.Error?.ToString());
        Assert.Equal(Valid(), parsed.Value);
    }

    [Theory]
    [InlineData("{\"schema\":2}", ContractErrorKind.UnsupportedSchema)]
    [InlineData("{\"gatewayId\":\"gw-1\"}", ContractErrorKind.MissingSchema)]
    [InlineData("[1,2]", ContractErrorKind.MalformedJson)]
    [InlineData("{\"schema\":1,", ContractErrorKind.MalformedJson)]
    [InlineData("", ContractErrorKind.Empty)]
    [InlineData("{\"schema\":1,\"gatewayId\":\"gw-1\"}", ContractErrorKind.MalformedJson)]
    public void Bad_payloads_are_rejected_with_a_typed_error(string json, ContractErrorKind expected)
    {
        Assert.Equal(expected, Parse(json).Error?.Kind);
    }

    [Theory]
    [InlineData("\"importWh\":1234", "\"importWh\":-1", "importWh")]
    [InlineData("\"intervalStart\":\"2026-03-29T00:45:00+00:00\"", "\"intervalStart\":\"2026-03-29T00:47:00+00:00\"", "quarter-hour")]
    [InlineData("\"intervalStart\":\"2026-03-29T00:45:00+00:00\"", "\"intervalStart\":\"2026-03-29T01:45:00+01:00\"", "UTC")]
    [InlineData("\"sequence\":42", "\"sequence\":0", "sequence")]
    [InlineData("\"gatewayId\":\"gw-1\"", "\"gatewayId\":\"gw/+\"", "gatewayId")]
    [InlineData("\"counterWentBackwards\":false", "\"counterWentBackwards\":true", "backwards")]
    public void Impossible_values_are_rejected_as_invalid(string original, string replacement, string mentioned)
    {
        var json = Json(Valid());
        Assert.Contains(original, json, StringComparison.Ordinal);

        var error = Parse(json.Replace(original, replacement, StringComparison.Ordinal)).Error;

        Assert.Equal(ContractErrorKind.InvalidValue, error?.Kind);
        Assert.Contains(mentioned, error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Energy_as_NaN_or_fraction_is_malformed_not_a_crash()
    {
        var json = Json(Valid());

        Assert.Equal(ContractErrorKind.MalformedJson, Parse(json.Replace("\"importWh\":1234", "\"importWh\":NaN", StringComparison.Ordinal)).Error?.Kind);
        Assert.Equal(ContractErrorKind.MalformedJson, Parse(json.Replace("\"importWh\":1234", "\"importWh\":12.5", StringComparison.Ordinal)).Error?.Kind);
        Assert.Equal(ContractErrorKind.MalformedJson, Parse(json.Replace("\"importWh\":1234", "\"importWh\":\"1234\"", StringComparison.Ordinal)).Error?.Kind);
    }

    [Fact]
    public void Thousands_of_mutated_payloads_never_throw_and_every_failure_is_typed()
    {
        var random = new Random(20260329);
        var valid = ContractParser.Serialize(Valid());
        var rejected = 0;
        for (var i = 0; i < 5000; i++)
        {
            var payload = (byte[])valid.Clone();
            switch (i % 4)
            {
                case 0:
                    payload = payload[..random.Next(payload.Length)];
                    break;
                case 1:
                    for (var flips = 0; flips < 3; flips++)
                    {
                        payload[random.Next(payload.Length)] = (byte)random.Next(256);
                    }

                    break;
                case 2:
                    payload = new byte[random.Next(1, 200)];
                    random.NextBytes(payload);
                    break;
                default:
                    payload[random.Next(payload.Length)] = (byte)"{}[]\",:0-9e."[random.Next(12)];
                    break;
            }

            var result = ContractParser.ParseInterval(payload);
            if (!result.IsValid)
            {
                rejected++;
                Assert.False(string.IsNullOrWhiteSpace(result.Error!.Message));
                Assert.True(Enum.IsDefined(result.Error.Kind));
            }
            else
            {
                Assert.True(result.Value!.ImportWh >= 0 && QuarterHour.IsBoundary(result.Value.IntervalStart));
            }
        }

        Assert.True(rejected > 4000, $"only {rejected} rejected");
    }

    [Fact]
    public void Oversized_payload_is_rejected_before_parsing()
    {
        Assert.Equal(ContractErrorKind.TooLarge, ContractParser.ParseConfig(new byte[ContractParser.MaxPayloadBytes + 1]).Error?.Kind);
    }

    [Fact]
    public void Config_with_an_unknown_time_zone_is_rejected()
    {
        var config = new GatewayConfigMessage(ContractVersion.Current, 3, Start, "Europe/Atlantis", 60);

        var error = ContractParser.ParseConfig(ContractParser.Serialize(config)).Error;

        Assert.Equal(ContractErrorKind.InvalidValue, error?.Kind);
        Assert.Contains("Atlantis", error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_and_ack_enums_are_written_as_words()
    {
        var status = Encoding.UTF8.GetString(ContractParser.Serialize(new GatewayStatusMessage(ContractVersion.Current, "gw-1", GatewayState.Offline)));
        var ack = new ConfigAckMessage(ContractVersion.Current, "gw-1", 3, ConfigOutcome.Rejected, Start, "bad meter address");

        Assert.Contains("\"state\":\"offline\"", status, StringComparison.Ordinal);
        Assert.Equal(ack, ContractParser.ParseConfigAck(ContractParser.Serialize(ack)).Value);
        Assert.Equal(ContractErrorKind.InvalidValue, ContractParser.ParseConfigAck(ContractParser.Serialize(ack with { Reason = null })).Error?.Kind);
    }
}
