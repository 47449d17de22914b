using Portal.Contracts.Control;
using Portal.Contracts.Mqtt;
using Portal.Messaging;

namespace Portal.Telemetry;

/// <summary>What one batch of broker messages asks the store to do, after every check.</summary>
public sealed class IngestionBatch
{
    public List<IntervalEnergyMessage> Intervals { get; } = [];

    /// <summary>Only the newest live values per meter: older ones in the same batch are stale already.</summary>
    public Dictionary<string, (LiveReadingMessage Message, Guid SiteId)> Live { get; } = new(StringComparer.Ordinal);

    public List<GatewayStatusMessage> Statuses { get; } = [];

    public List<ConfigAckMessage> Acks { get; } = [];

    /// <summary>Control decisions (QoS 1, deduplicated on gateway and sequence when stored), with their site.</summary>
    public List<(ControlDecisionMessage Message, Guid SiteId)> ControlDecisions { get; } = [];

    /// <summary>Only the newest control state per gateway.</summary>
    public Dictionary<string, (ControlStateMessage Message, Guid SiteId, string Json)> ControlStates { get; } = new(StringComparer.Ordinal);

    /// <summary>Gateways heard from in this batch: each is marked seen.</summary>
    public HashSet<string> GatewaysSeen { get; } = new(StringComparer.Ordinal);

    public int Count => Intervals.Count + Live.Count + Statuses.Count + Acks.Count + ControlDecisions.Count + ControlStates.Count;
}

/// <summary>
/// Sorts broker messages into what to store and what to reject: the topic must be ours, the
/// payload valid for its kind, the gateway known and the same in topic and payload, the meter on
/// that gateway, and the values physically possible. Every rejection has a reason that is logged and counted.
/// </summary>
public sealed class TelemetryTriage(TelemetryDirectory directory, TimeProvider clock)
{
    /// <summary>Above 4 MW on average over a quarter-hour no building behind one connection goes (2000 A CTs give 1.4 MW).</summary>
    public const long MaxWhPerQuarterHour = 1_000_000;

    /// <summary>Edge clocks may drift, but not into the future by more than this.</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    public readonly record struct Rejection(string Reason, string Topic, string Detail);

    /// <summary>True when some id was unknown: the caller refreshes the directory and may retry once.</summary>
    public bool Sort(IEnumerable<MqttMessage> messages, IngestionBatch batch, List<Rejection> rejections, List<MqttMessage>? unknown = null)
    {
        var sawUnknown = false;
        foreach (var message in messages)
        {
            var rejection = SortOne(message, batch);
            if (rejection is { } r)
            {
                if (unknown is not null && r.Reason is "unknown gateway" or "unknown meter")
                {
                    unknown.Add(message);
                    sawUnknown = true;
                    continue;
                }

                rejections.Add(r);
            }
        }

        return sawUnknown;
    }

    private Rejection? SortOne(MqttMessage message, IngestionBatch batch)
    {
        if (!Topics.TryParse(message.Topic, out var topic))
        {
            return new Rejection("unknown topic", message.Topic, "");
        }

        var site = directory.SiteOfGateway(topic.GatewayId);
        if (site is null)
        {
            return new Rejection("unknown gateway", message.Topic, topic.GatewayId);
        }

        // Parsing the topic's id instead of formatting the site's: no string per message on the hot path.
        if (!Guid.TryParseExact(topic.SiteId, "N", out var topicSite) || topicSite != site.Value)
        {
            return new Rejection("gateway not on this site", message.Topic, topic.SiteId);
        }

        var payload = message.Payload.Span;
        return topic.Kind switch
        {
            TopicKind.Intervals => Interval(ContractParser.ParseInterval(payload), topic, message.Topic, batch),
            TopicKind.Live => Live(ContractParser.ParseLive(payload), topic, message.Topic, site.Value, batch),
            TopicKind.Status => Status(ContractParser.ParseStatus(payload), topic, message.Topic, batch),
            TopicKind.ConfigAck => Ack(ContractParser.ParseConfigAck(payload), topic, message.Topic, batch),
            TopicKind.ControlDecisions => Decision(ContractParser.ParseControlDecision(payload), topic, message.Topic, site.Value, batch),
            TopicKind.ControlState => State(ContractParser.ParseControlState(payload), topic, message.Topic, site.Value, payload, batch),
            // The portal's own retained config comes back on its subscription filter only by mistake.
            _ => new Rejection("not for the portal", message.Topic, topic.Kind.ToString()),
        };
    }

    private Rejection? Interval(ParseResult<IntervalEnergyMessage> parsed, GatewayTopic topic, string name, IngestionBatch batch)
    {
        if (Invalid(parsed.Error, name) is { } invalid)
        {
            return invalid;
        }

        var interval = parsed.Value!;
        if (Mismatch(interval.GatewayId, topic, name) is { } mismatch)
        {
            return mismatch;
        }

        if (Meter(interval.MeterId, topic, name) is { } meterProblem)
        {
            return meterProblem;
        }

        var quarters = Math.Max(1, (interval.IntervalEnd - interval.IntervalStart) / IntervalEnergyMessage.Quarter);
        if (interval.ImportWh > MaxWhPerQuarterHour * quarters || interval.ExportWh > MaxWhPerQuarterHour * quarters)
        {
            return new Rejection("impossible value", name, $"{interval.ImportWh} Wh in, {interval.ExportWh} Wh out over {quarters} quarter-hour(s)");
        }

        if (interval.IntervalEnd > clock.GetUtcNow() + FutureTolerance)
        {
            return new Rejection("interval in the future", name, interval.IntervalEnd.ToString("O"));
        }

        batch.Intervals.Add(interval);
        batch.GatewaysSeen.Add(topic.GatewayId);
        return null;
    }

    private Rejection? Live(ParseResult<LiveReadingMessage> parsed, GatewayTopic topic, string name, Guid site, IngestionBatch batch)
    {
        if (Invalid(parsed.Error, name) is { } invalid)
        {
            return invalid;
        }

        var live = parsed.Value!;
        if ((Mismatch(live.GatewayId, topic, name) ?? Meter(live.MeterId, topic, name)) is { } problem)
        {
            return problem;
        }

        if (!batch.Live.TryGetValue(live.MeterId, out var previous) || previous.Message.MeasuredAt <= live.MeasuredAt)
        {
            batch.Live[live.MeterId] = (live, site);
        }

        batch.GatewaysSeen.Add(topic.GatewayId);
        return null;
    }

    private static Rejection? Status(ParseResult<GatewayStatusMessage> parsed, GatewayTopic topic, string name, IngestionBatch batch)
    {
        if ((Invalid(parsed.Error, name) ?? Mismatch(parsed.Value!.GatewayId, topic, name)) is { } problem)
        {
            return problem;
        }

        batch.Statuses.Add(parsed.Value!);
        return null;
    }

    private static Rejection? Ack(ParseResult<ConfigAckMessage> parsed, GatewayTopic topic, string name, IngestionBatch batch)
    {
        if ((Invalid(parsed.Error, name) ?? Mismatch(parsed.Value!.GatewayId, topic, name)) is { } problem)
        {
            return problem;
        }

        batch.Acks.Add(parsed.Value!);
        batch.GatewaysSeen.Add(topic.GatewayId);
        return null;
    }

    private Rejection? Decision(ParseResult<ControlDecisionMessage> parsed, GatewayTopic topic, string name, Guid site, IngestionBatch batch)
    {
        if ((Invalid(parsed.Error, name) ?? Mismatch(parsed.Value!.GatewayId, topic, name)) is { } problem)
        {
            return problem;
        }

        if (parsed.Value!.At > clock.GetUtcNow() + FutureTolerance)
        {
            return new Rejection("decision in the future", name, parsed.Value.At.ToString("O"));
        }

        batch.ControlDecisions.Add((parsed.Value, site));
        batch.GatewaysSeen.Add(topic.GatewayId);
        return null;
    }

    private static Rejection? State(ParseResult<ControlStateMessage> parsed, GatewayTopic topic, string name, Guid site, ReadOnlySpan<byte> payload, IngestionBatch batch)
    {
        if ((Invalid(parsed.Error, name) ?? Mismatch(parsed.Value!.GatewayId, topic, name)) is { } problem)
        {
            return problem;
        }

        var state = parsed.Value!;
        if (!batch.ControlStates.TryGetValue(state.GatewayId, out var previous) || previous.Message.At <= state.At)
        {
            batch.ControlStates[state.GatewayId] = (state, site, System.Text.Encoding.UTF8.GetString(payload));
        }

        return null;
    }

    private static Rejection? Invalid(ContractError? error, string name) =>
        error is null ? null : new Rejection(error.Kind.ToString().ToLowerInvariant(), name, error.Message);

    // A gateway may only speak for itself: its broker account only reaches its own topics.
    private static Rejection? Mismatch(string gatewayId, GatewayTopic topic, string name) =>
        string.Equals(gatewayId, topic.GatewayId, StringComparison.Ordinal) ? null : new Rejection("gateway mismatch", name, gatewayId);

    private Rejection? Meter(string meterId, GatewayTopic topic, string name)
    {
        var place = directory.PlaceOfMeter(meterId);
        if (place is null)
        {
            return new Rejection("unknown meter", name, meterId);
        }

        return place.GatewayId == topic.GatewayId ? null : new Rejection("meter on another gateway", name, meterId);
    }
}
