using Microsoft.Extensions.Localization;

namespace Portal.Telemetry;

/// <summary>Where the configuration last pushed to a gateway stands.</summary>
public enum ConfigApplication
{
    /// <summary>No configuration was ever pushed.</summary>
    None,

    /// <summary>Pushed, not yet acknowledged by the gateway.</summary>
    Pending,

    Applied,

    /// <summary>The gateway refused it (and keeps polling with the configuration it had).</summary>
    Rejected,
}

/// <summary>"version N sent / applied / rejected: reason", from the gateway's last acknowledgement.</summary>
public static class GatewayConfigState
{
    /// <summary>An acknowledgement counts only for the version last pushed: one of an older version leaves the push pending.</summary>
    public static ConfigApplication Of(long pushedVersion, long? ackedVersion, string? outcome) => (pushedVersion, ackedVersion, outcome) switch
    {
        (0, _, _) => ConfigApplication.None,
        (_, { } acked, "Rejected") when acked == pushedVersion => ConfigApplication.Rejected,
        (_, { } acked, _) when acked == pushedVersion => ConfigApplication.Applied,
        _ => ConfigApplication.Pending,
    };

    public static string Describe(GatewayView gateway, IStringLocalizer text) =>
        Describe(Of(gateway.ConfigVersion, gateway.AckedConfigVersion, gateway.ConfigOutcome), gateway.ConfigVersion, gateway.ConfigRejectReason, text);

    public static string Describe(ConfigApplication state, long pushedVersion, string? rejectReason, IStringLocalizer text) => state switch
    {
        ConfigApplication.None => text["Site.ConfigNone"],
        ConfigApplication.Rejected => text["Site.ConfigRejected", pushedVersion, rejectReason ?? ""],
        ConfigApplication.Applied => text["Site.ConfigApplied", pushedVersion],
        _ => text["Site.ConfigSent", pushedVersion],
    };
}
