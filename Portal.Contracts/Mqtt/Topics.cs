namespace Portal.Contracts.Mqtt;

/// <summary>What a gateway topic carries; the last segment(s) of the topic.</summary>
public enum TopicKind
{
    /// <summary>Instantaneous meter values, QoS 0, may be lost.</summary>
    Live,

    /// <summary>15-minute energy per meter, QoS 1, the billing truth.</summary>
    Intervals,

    /// <summary>Online/offline, retained; the offline payload is the last will.</summary>
    Status,

    /// <summary>Portal to edge, retained, versioned.</summary>
    Config,

    /// <summary>Edge to portal: config version applied or rejected.</summary>
    ConfigAck,

    /// <summary>Portal to edge, retained: manual relay switches and "charge now" overrides.</summary>
    ControlOverrides,

    /// <summary>Edge to portal, retained: the state of every relay and charger.</summary>
    ControlState,

    /// <summary>Edge to portal, QoS 1: what the control loop changed and why.</summary>
    ControlDecisions,
}

/// <summary>A topic under <c>sites/{siteId}/gateways/{gatewayId}/{kind}</c>.</summary>
public readonly record struct GatewayTopic(string SiteId, string GatewayId, TopicKind Kind)
{
    public override string ToString() => Topics.Build(SiteId, GatewayId, Kind);
}

/// <summary>Builds and parses the topic tree documented in docs/mqtt-contract.md.</summary>
public static class Topics
{
    public const string Root = "sites";
    public const int MaxIdLength = 64;

    public static string Build(string siteId, string gatewayId, TopicKind kind)
    {
        RequireId(siteId, nameof(siteId));
        RequireId(gatewayId, nameof(gatewayId));
        return $"{Root}/{siteId}/gateways/{gatewayId}/{Suffix(kind)}";
    }

    /// <summary>A subscription filter for one kind across every site and gateway (portal side).</summary>
    public static string FilterForAllGateways(TopicKind kind) => $"{Root}/+/gateways/+/{Suffix(kind)}";

    /// <summary>
    /// The portal's share group: every portal instance subscribes to intervals and configuration acknowledgements
    /// as <c>$share/portal/...</c>, so the broker gives each message to one of them (MQTT 5 shared subscription).
    /// </summary>
    public const string PortalShareGroup = "portal";

    /// <summary>An MQTT 5 shared subscription: the broker delivers each matching message to one member of the group.</summary>
    public static string Shared(string group, string filter)
    {
        RequireId(group, nameof(group));
        return $"$share/{group}/{filter}";
    }

    public static bool TryParse(string? topic, out GatewayTopic parsed)
    {
        parsed = default;
        if (string.IsNullOrEmpty(topic))
        {
            return false;
        }

        var parts = topic.Split('/');
        if (parts.Length is < 5 or > 6 || parts[0] != Root || parts[2] != "gateways"
            || !IsValidId(parts[1]) || !IsValidId(parts[3]))
        {
            return false;
        }

        TopicKind? kind = parts.Length == 5
            ? parts[4] switch
            {
                "live" => TopicKind.Live,
                "intervals" => TopicKind.Intervals,
                "status" => TopicKind.Status,
                "config" => TopicKind.Config,
                _ => null,
            }
            : (parts[4], parts[5]) switch
            {
                ("config", "ack") => TopicKind.ConfigAck,
                ("control", "overrides") => TopicKind.ControlOverrides,
                ("control", "state") => TopicKind.ControlState,
                ("control", "decisions") => TopicKind.ControlDecisions,
                _ => null,
            };
        if (kind is null)
        {
            return false;
        }

        parsed = new GatewayTopic(parts[1], parts[3], kind.Value);
        return true;
    }

    /// <summary>
    /// Ids are restricted to letters, digits, '-' and '_' so that no id can smuggle a topic
    /// level separator or wildcard ('/', '+', '#') into the tree.
    /// </summary>
    public static bool IsValidId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxIdLength
        && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static void RequireId(string id, string parameter)
    {
        if (!IsValidId(id))
        {
            throw new ArgumentException($"'{id}' is not a valid id: use 1-{MaxIdLength} of A-Z a-z 0-9 - _.", parameter);
        }
    }

    private static string Suffix(TopicKind kind) => kind switch
    {
        TopicKind.Live => "live",
        TopicKind.Intervals => "intervals",
        TopicKind.Status => "status",
        TopicKind.Config => "config",
        TopicKind.ConfigAck => "config/ack",
        TopicKind.ControlOverrides => "control/overrides",
        TopicKind.ControlState => "control/state",
        TopicKind.ControlDecisions => "control/decisions",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown topic kind."),
    };

    /// <summary>QoS the contract prescribes per kind.</summary>
    public static int QualityOfService(TopicKind kind) => kind == TopicKind.Live ? 0 : 1;

    /// <summary>Whether the broker should retain the last message of this kind.</summary>
    public static bool IsRetained(TopicKind kind) =>
        kind is TopicKind.Status or TopicKind.Config or TopicKind.ControlOverrides or TopicKind.ControlState;
}
