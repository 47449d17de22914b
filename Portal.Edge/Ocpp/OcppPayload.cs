using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Portal.Edge.Ocpp;

/// <summary>A CALL payload that breaks the OCPP 1.6 schema; becomes a CALLERROR with <see cref="ErrorCode"/>.</summary>
public sealed class OcppPayloadException(string errorCode, string message) : Exception(message)
{
    public string ErrorCode { get; } = errorCode;
}

/// <summary>Reads payload fields the way the OCPP 1.6 JSON schemas define them, with their error codes.</summary>
public static class OcppPayload
{
    public static string RequiredString(JsonObject payload, string name, int maxLength)
    {
        var value = OptionalString(payload, name) ?? throw Missing(name);
        return value.Length > maxLength
            ? throw new OcppPayloadException(OcppErrorCode.FormationViolation, $"{name} is longer than {maxLength} characters")
            : value;
    }

    public static string? OptionalString(JsonObject payload, string name) => payload[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw new OcppPayloadException(OcppErrorCode.TypeConstraintViolation, $"{name} must be a string"),
    };

    public static int RequiredInt(JsonObject payload, string name) => payload[name] switch
    {
        null => throw Missing(name),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out int i) => i,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out decimal d) && d == decimal.Truncate(d) && d is >= int.MinValue and <= int.MaxValue => (int)d,
        _ => throw new OcppPayloadException(OcppErrorCode.TypeConstraintViolation, $"{name} must be an integer"),
    };

    public static DateTimeOffset RequiredTime(JsonObject payload, string name)
    {
        var text = RequiredString(payload, name, 64);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw new OcppPayloadException(OcppErrorCode.TypeConstraintViolation, $"{name} '{text}' is not an ISO 8601 date-time");
    }

    public static T RequiredEnum<T>(JsonObject payload, string name)
        where T : struct, Enum
    {
        var text = RequiredString(payload, name, 50);
        return Enum.TryParse<T>(text, ignoreCase: false, out var value) && Enum.IsDefined(value) && !text.Equals("Unknown", StringComparison.Ordinal)
            ? value
            : throw new OcppPayloadException(OcppErrorCode.PropertyConstraintViolation, $"{name} '{text}' is not a valid value");
    }

    private static OcppPayloadException Missing(string name) => new(OcppErrorCode.OccurenceConstraintViolation, $"{name} is required");
}
