using System.Text.Json;
using System.Text.Json.Nodes;

namespace Portal.Edge.Ocpp;

/// <summary>
/// One OCPP-J 1.6 frame (PROTOCOLS.md 6.1): CALL <c>[2, id, action, payload]</c>, CALLRESULT <c>[3, id, payload]</c>,
/// CALLERROR <c>[4, id, code, description, details]</c>. The unique id is at most 36 characters.
/// </summary>
public abstract record OcppFrame(string UniqueId)
{
    public const int MaxUniqueIdLength = 36;

    public abstract string ToJson();
}

public sealed record OcppCall(string UniqueId, string Action, JsonObject Payload) : OcppFrame(UniqueId)
{
    public override string ToJson() => new JsonArray(2, UniqueId, Action, Payload.DeepClone()).ToJsonString();
}

public sealed record OcppCallResult(string UniqueId, JsonObject Payload) : OcppFrame(UniqueId)
{
    public override string ToJson() => new JsonArray(3, UniqueId, Payload.DeepClone()).ToJsonString();
}

public sealed record OcppCallError(string UniqueId, string ErrorCode, string Description, JsonObject? Details = null) : OcppFrame(UniqueId)
{
    public override string ToJson() => new JsonArray(4, UniqueId, ErrorCode, Description, Details?.DeepClone() ?? new JsonObject()).ToJsonString();
}

/// <summary>The CALLERROR codes of OCPP-J 1.6, with the spec's own spellings (PROTOCOLS.md 6.1).</summary>
public static class OcppErrorCode
{
    public const string NotImplemented = "NotImplemented";
    public const string NotSupported = "NotSupported";
    public const string InternalError = "InternalError";
    public const string ProtocolError = "ProtocolError";
    public const string SecurityError = "SecurityError";
    public const string FormationViolation = "FormationViolation";
    public const string PropertyConstraintViolation = "PropertyConstraintViolation";
    public const string OccurenceConstraintViolation = "OccurenceConstraintViolation";

    /// <summary>The OCPP-J 1.6 errata spelling, which ocpp-rpc sends (peer test); read as the same error.</summary>
    public const string OccurrenceConstraintViolation = "OccurrenceConstraintViolation";
    public const string TypeConstraintViolation = "TypeConstraintViolation";
    public const string GenericError = "GenericError";
}

/// <summary>
/// A frame that could not be read: the CALLERROR to answer it with, or none when the bad frame was itself a
/// response (responses are never answered).
/// </summary>
public sealed record OcppFrameProblem(string Reason, OcppCallError? Answer);

/// <summary>Reads frames; pure, so every malformed shape is unit-tested.</summary>
public static class OcppFrameReader
{
    /// <summary>The id ocpp-rpc and others answer with when a frame's own id cannot be read.</summary>
    public const string UnknownId = "-1";

    /// <summary>Returns the frame, or null and the problem (with the CALLERROR to send, if any).</summary>
    public static OcppFrame? Read(string text, out OcppFrameProblem? problem)
    {
        problem = null;
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text);
        }
        catch (JsonException error)
        {
            return Fail(out problem, UnknownId, OcppErrorCode.FormationViolation, $"not JSON: {error.Message}");
        }

        if (root is JsonArray { Count: > 0 and < 3 } shortFrame && shortFrame[0] is JsonValue shortType
            && shortType.TryGetValue(out int responseType) && responseType is 3 or 4)
        {
            return NoAnswer(out problem, "a response too short to carry its payload");
        }

        if (root is not JsonArray frame || frame.Count < 3)
        {
            return Fail(out problem, UnknownId, OcppErrorCode.FormationViolation, "a frame is a JSON array [type, id, ...]");
        }

        if (frame[1] is not JsonValue idValue || !idValue.TryGetValue(out string? id))
        {
            return Fail(out problem, UnknownId, OcppErrorCode.FormationViolation, "the unique id must be a string");
        }

        if (frame[0] is not JsonValue typeValue || !typeValue.TryGetValue(out int type) || type is < 2 or > 4)
        {
            return Fail(out problem, id, OcppErrorCode.ProtocolError, "the message type must be 2 (CALL), 3 (CALLRESULT) or 4 (CALLERROR)");
        }

        if (id.Length is 0 or > OcppFrame.MaxUniqueIdLength)
        {
            return type == 2
                ? Fail(out problem, UnknownId, OcppErrorCode.FormationViolation, $"the unique id must have 1-{OcppFrame.MaxUniqueIdLength} characters")
                : NoAnswer(out problem, "a response with an invalid unique id");
        }

        switch (type)
        {
            case 2:
                if (frame.Count != 4 || frame[2] is not JsonValue actionValue || !actionValue.TryGetValue(out string? action) || action.Length == 0)
                {
                    return Fail(out problem, id, OcppErrorCode.FormationViolation, "a CALL is [2, id, action, payload]");
                }

                if (frame[3] is not JsonObject payload)
                {
                    return Fail(out problem, id, OcppErrorCode.FormationViolation, "a CALL's payload must be a JSON object");
                }

                return new OcppCall(id, action, Detach(payload));
            case 3:
                return frame.Count == 3 && frame[2] is JsonObject result
                    ? new OcppCallResult(id, Detach(result))
                    : NoAnswer(out problem, "a CALLRESULT is [3, id, payload]");
            default:
                if (frame.Count is < 4 or > 5 || frame[2] is not JsonValue codeValue || !codeValue.TryGetValue(out string? code)
                    || frame[3] is not JsonValue descriptionValue || !descriptionValue.TryGetValue(out string? description))
                {
                    return NoAnswer(out problem, "a CALLERROR is [4, id, code, description, details]");
                }

                return new OcppCallError(id, code, description, frame.Count == 5 && frame[4] is JsonObject details ? Detach(details) : null);
        }
    }

    private static JsonObject Detach(JsonObject node) => (JsonObject)node.DeepClone();

    private static OcppFrame? Fail(out OcppFrameProblem problem, string id, string code, string reason)
    {
        problem = new OcppFrameProblem(reason, new OcppCallError(id, code, reason));
        return null;
    }

    private static OcppFrame? NoAnswer(out OcppFrameProblem problem, string reason)
    {
        problem = new OcppFrameProblem(reason, null);
        return null;
    }
}
