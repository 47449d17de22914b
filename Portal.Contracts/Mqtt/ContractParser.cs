using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Portal.Contracts.Control;

namespace Portal.Contracts.Mqtt;

public enum ContractErrorKind
{
    Empty,
    TooLarge,
    MalformedJson,
    MissingSchema,
    UnsupportedSchema,
    InvalidValue,
}

/// <summary>Why a payload was refused, worded for a person reading a log.</summary>
public sealed record ContractError(ContractErrorKind Kind, string Message)
{
    public override string ToString() => $"{Kind}: {Message}";
}

/// <summary>Either a valid message or the reason there is none; parsing never throws for bad input.</summary>
public readonly record struct ParseResult<T>(T? Value, ContractError? Error)
    where T : class
{
    public bool IsValid => Error is null;
}

/// <summary>Parses and validates every message of the contract (docs/mqtt-contract.md).</summary>
public static class ContractParser
{
    /// <summary>Largest payload accepted; config is the biggest message and stays far below this.</summary>
    public const int MaxPayloadBytes = 256 * 1024;

    private static readonly DateTimeOffset EarliestPlausible = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static ParseResult<IntervalEnergyMessage> ParseInterval(ReadOnlySpan<byte> utf8) =>
        Parse(utf8, ContractJsonContext.Default.IntervalEnergyMessage, ValidateInterval);

    public static ParseResult<LiveReadingMessage> ParseLive(ReadOnlySpan<byte> utf8) =>
        Parse(utf8, ContractJsonContext.Default.LiveReadingMessage, ValidateLive);

    public static ParseResult<GatewayStatusMessage> ParseStatus(ReadOnlySpan<byte> utf8) =>
        Parse(utf8, ContractJsonContext.Default.GatewayStatusMessage, ValidateStatus);

    public static ParseResult<GatewayConfigMessage> ParseConfig(ReadOnlySpan<byte> utf8) =>
        Parse(utf8, ContractJsonContext.Default.GatewayConfigMessage, ValidateConfig);

    public static ParseResult<ConfigAckMessage> ParseConfigAck(ReadOnlySpan<byte> utf8) =>
        Parse(utf8, ContractJsonContext.Default.ConfigAckMessage, ValidateConfigAck);

    public static ParseResult<ControlOverridesMessage> ParseControlOverrides(ReadOnlySpan<byte> utf8) =>
        Parse(utf8, ContractJsonContext.Default.ControlOverridesMessage, ValidateOverrides);

    public static ParseResult<ControlDecisionMessage> ParseControlDecision(ReadOnlySpan<byte> utf8) =>
        Parse(utf8, ContractJsonContext.Default.ControlDecisionMessage, ValidateDecision);

    public static ParseResult<ControlStateMessage> ParseControlState(ReadOnlySpan<byte> utf8) =>
        Parse(utf8, ContractJsonContext.Default.ControlStateMessage, ValidateState);

    public static byte[] Serialize(ControlOverridesMessage message) => JsonSerializer.SerializeToUtf8Bytes(message, ContractJsonContext.Default.ControlOverridesMessage);

    public static byte[] Serialize(ControlDecisionMessage message) => JsonSerializer.SerializeToUtf8Bytes(message, ContractJsonContext.Default.ControlDecisionMessage);

    public static byte[] Serialize(ControlStateMessage message) => JsonSerializer.SerializeToUtf8Bytes(message, ContractJsonContext.Default.ControlStateMessage);

    public static byte[] Serialize(IntervalEnergyMessage message) => JsonSerializer.SerializeToUtf8Bytes(message, ContractJsonContext.Default.IntervalEnergyMessage);

    public static byte[] Serialize(LiveReadingMessage message) => JsonSerializer.SerializeToUtf8Bytes(message, ContractJsonContext.Default.LiveReadingMessage);

    public static byte[] Serialize(GatewayStatusMessage message) => JsonSerializer.SerializeToUtf8Bytes(message, ContractJsonContext.Default.GatewayStatusMessage);

    public static byte[] Serialize(GatewayConfigMessage message) => JsonSerializer.SerializeToUtf8Bytes(message, ContractJsonContext.Default.GatewayConfigMessage);

    public static byte[] Serialize(ConfigAckMessage message) => JsonSerializer.SerializeToUtf8Bytes(message, ContractJsonContext.Default.ConfigAckMessage);

    private static ParseResult<T> Parse<T>(ReadOnlySpan<byte> utf8, JsonTypeInfo<T> typeInfo, Func<T, string?> validate)
        where T : class
    {
        if (utf8.IsEmpty)
        {
            return Fail<T>(ContractErrorKind.Empty, "The payload is empty.");
        }

        if (utf8.Length > MaxPayloadBytes)
        {
            return Fail<T>(ContractErrorKind.TooLarge, $"The payload has {utf8.Length} bytes; at most {MaxPayloadBytes} are accepted.");
        }

        try
        {
            // The schema is read first so that a newer schema is reported as such, not as a shape mismatch. One pass
            // of a reader over the span (no copy, no document) checks the JSON and finds it; then the payload is
            // deserialised straight from the span. This runs for every message the portal receives.
            if (ReadSchema(utf8) is { } schemaProblem)
            {
                return Fail<T>(schemaProblem.Kind, schemaProblem.Message);
            }

            var message = JsonSerializer.Deserialize(utf8, typeInfo);
            if (message is null)
            {
                return Fail<T>(ContractErrorKind.MalformedJson, "The payload is JSON null.");
            }

            var problem = validate(message);
            return problem is null ? new ParseResult<T>(message, null) : Fail<T>(ContractErrorKind.InvalidValue, problem);
        }
        catch (JsonException ex)
        {
            // Missing required properties and nulls in non-nullable properties also land here.
            return Fail<T>(ContractErrorKind.MalformedJson, ex.Message);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or InvalidOperationException or ArgumentException)
        {
            return Fail<T>(ContractErrorKind.MalformedJson, ex.Message);
        }
    }

    /// <summary>Null when the payload is one JSON object whose top-level <c>schema</c> is this build's version.</summary>
    private static ContractError? ReadSchema(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 32 });
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return new ContractError(ContractErrorKind.MalformedJson, $"Expected a JSON object, found {KindOf(reader.TokenType)}.");
        }

        var found = false;
        var isNumber = false;
        var version = 0;
        var raw = "";
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isSchema = reader.ValueTextEquals("schema"u8);
            reader.Read();
            if (isSchema)
            {
                // The last one wins, as JsonDocument's lookup did.
                found = true;
                isNumber = reader.TokenType == JsonTokenType.Number;
                if (isNumber && !reader.TryGetInt32(out version))
                {
                    version = -1;
                }

                raw = isNumber ? System.Text.Encoding.UTF8.GetString(reader.ValueSpan) : "";
            }

            reader.Skip();
        }

        // Anything after the object is malformed: the reader throws on a second top-level value.
        while (reader.Read())
        {
        }

        if (!found || !isNumber)
        {
            return new ContractError(ContractErrorKind.MissingSchema, "The 'schema' number is missing.");
        }

        return version == ContractVersion.Current ? null
            : new ContractError(ContractErrorKind.UnsupportedSchema, $"Schema {raw} is not supported; this build reads schema {ContractVersion.Current}.");
    }

    private static JsonValueKind KindOf(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => JsonValueKind.Array,
        JsonTokenType.String => JsonValueKind.String,
        JsonTokenType.Number => JsonValueKind.Number,
        JsonTokenType.True => JsonValueKind.True,
        JsonTokenType.False => JsonValueKind.False,
        JsonTokenType.Null => JsonValueKind.Null,
        _ => JsonValueKind.Undefined,
    };

    private static ParseResult<T> Fail<T>(ContractErrorKind kind, string message)
        where T : class => new(null, new ContractError(kind, message));

    private static string? ValidateInterval(IntervalEnergyMessage m) =>
        CheckId(m.GatewayId, "gatewayId") ?? CheckId(m.MeterId, "meterId")
        ?? (m.Sequence <= 0 ? "sequence must be positive." : null)
        ?? CheckUtc(m.IntervalStart, "intervalStart") ?? CheckUtc(m.IntervalEnd, "intervalEnd")
        ?? (!QuarterHour.IsBoundary(m.IntervalStart) ? $"intervalStart {m.IntervalStart:O} is not on a quarter-hour." : null)
        ?? (!QuarterHour.IsBoundary(m.IntervalEnd) ? $"intervalEnd {m.IntervalEnd:O} is not on a quarter-hour." : null)
        ?? (m.IntervalEnd <= m.IntervalStart ? "intervalEnd must be after intervalStart." : null)
        ?? (m.ImportWh < 0 ? "importWh must not be negative." : null)
        ?? (m.ExportWh < 0 ? "exportWh must not be negative." : null)
        ?? (m.CounterWentBackwards && (m.ImportWh != 0 || m.ExportWh != 0) ? "an interval whose counter went backwards carries no energy." : null);

    private static string? ValidateLive(LiveReadingMessage m) =>
        CheckId(m.GatewayId, "gatewayId") ?? CheckId(m.MeterId, "meterId") ?? CheckUtc(m.MeasuredAt, "measuredAt")
        ?? (m.ImportRegisterWh < 0 || m.ExportRegisterWh < 0 ? "registers must not be negative." : null)
        ?? (Math.Abs(m.ActivePowerW) > MaxPowerW ? "activePowerW is beyond any building connection." : null)
        ?? CheckPhases(m.VoltageV, "voltageV", v => v is >= 0 and <= 1000m, "between 0 and 1000 V")
        ?? CheckPhases(m.CurrentA, "currentA", a => Math.Abs(a) <= 100_000m, "within ±100000 A")
        ?? CheckPhases(m.ActivePowerPhaseW, "activePowerPhaseW", w => Math.Abs(w) <= MaxPowerW, "within ±10 MW")
        ?? (m.FrequencyHz is < 0 or > 100 ? $"frequencyHz {m.FrequencyHz} is not between 0 and 100 Hz." : null);

    /// <summary>Plausibility bound for power: far beyond any building connection, so only garbage is refused.</summary>
    private const decimal MaxPowerW = 10_000_000m;

    private static string? CheckPhases(PhaseTriple? phases, string field, Func<decimal, bool> plausible, string range) =>
        phases?.Present.Where(v => !plausible(v)).Select(v => (string?)$"{field} value {v} is not {range}.").FirstOrDefault();

    private static string? ValidateStatus(GatewayStatusMessage m) =>
        CheckId(m.GatewayId, "gatewayId")
        ?? (!Enum.IsDefined(m.State) ? "state must be 'online' or 'offline'." : null)
        ?? (m.At is { } at ? CheckUtc(at, "at") : null)
        ?? (m.OutboxBacklog < 0 ? "outboxBacklog must not be negative." : null);

    private static string? ValidateConfig(GatewayConfigMessage m) =>
        (m.Version <= 0 ? "version must be positive." : null)
        ?? CheckUtc(m.IssuedAt, "issuedAt")
        ?? (m.HeartbeatSeconds is < 5 or > 3600 ? "heartbeatSeconds must be between 5 and 3600." : null)
        ?? (TimeZoneInfo.TryFindSystemTimeZoneById(m.TimeZone, out _) ? null : $"timeZone '{m.TimeZone}' is unknown.");

    private static string? ValidateConfigAck(ConfigAckMessage m) =>
        CheckId(m.GatewayId, "gatewayId")
        ?? (m.Version < 0 ? "version must not be negative." : null)
        ?? (!Enum.IsDefined(m.Outcome) ? "outcome must be 'applied' or 'rejected'." : null)
        ?? (m.Outcome == ConfigOutcome.Rejected && string.IsNullOrWhiteSpace(m.Reason) ? "a rejection needs a reason." : null)
        ?? CheckUtc(m.At, "at");

    private static string? ValidateOverrides(ControlOverridesMessage m) =>
        (m.Version <= 0 ? "version must be positive." : null)
        ?? CheckUtc(m.IssuedAt, "issuedAt")
        ?? m.ManualRelays.Select(r => CheckId(r.RelayId, "relayId")).FirstOrDefault(e => e is not null)
        ?? m.ChargeNow.Select(c => CheckId(c.ChargerId, "chargerId") ?? CheckUtc(c.Until, "until")).FirstOrDefault(e => e is not null);

    private static string? ValidateDecision(ControlDecisionMessage m) =>
        CheckId(m.GatewayId, "gatewayId")
        ?? (m.Sequence <= 0 ? "sequence must be positive." : null)
        ?? CheckUtc(m.At, "at")
        ?? m.Actions.Select(CheckAction).FirstOrDefault(e => e is not null);

    private static string? CheckAction(ControlAction a) =>
        CheckId(a.TargetId, "targetId")
        ?? (!Enum.IsDefined(a.Kind) || !Enum.IsDefined(a.Reason) ? "unknown kind or reason." : null)
        ?? (a.LimitA is < 0 or > 1000 ? $"limitA {a.LimitA} is not between 0 and 1000 A." : null)
        ?? (a.Phases is < 1 or > 3 ? $"phases {a.Phases} is not 1, 2 or 3." : null)
        ?? (a.Detail is { Length: > 500 } ? "detail is longer than 500 characters." : null);

    private static string? ValidateState(ControlStateMessage m) =>
        CheckId(m.GatewayId, "gatewayId")
        ?? CheckUtc(m.At, "at")
        ?? m.Relays.Select(r => CheckId(r.RelayId, "relayId")).FirstOrDefault(e => e is not null)
        ?? m.Chargers.Select(c => CheckId(c.ChargerId, "chargerId")
            ?? (c.LimitA is < 0 or > 1000 ? $"limitA {c.LimitA} is not between 0 and 1000 A." : null)).FirstOrDefault(e => e is not null);

    private static string? CheckId(string id, string field) =>
        Topics.IsValidId(id) ? null : $"{field} '{id}' is not a valid id.";

    private static string? CheckUtc(DateTimeOffset instant, string field) =>
        instant.Offset != TimeSpan.Zero ? $"{field} must be in UTC (offset Z), got {instant:O}."
        : instant < EarliestPlausible ? $"{field} {instant:O} is before 2020: the sender's clock is not set."
        : null;
}
