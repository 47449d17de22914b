using Microsoft.Extensions.Localization;

namespace Portal.Telemetry;

/// <summary>"version N sent / applied / rejected: reason", from the gateway's last acknowledgement.</summary>
public static class GatewayConfigState
{
    public static string Describe(GatewayView gateway, IStringLocalizer text) => gateway switch
    {
        { ConfigVersion: 0 } => text["Site.ConfigNone"],
        { AckedConfigVersion: { } acked, ConfigOutcome: "Rejected" } when acked == gateway.ConfigVersion => text["Site.ConfigRejected", acked, gateway.ConfigRejectReason ?? ""],
        { AckedConfigVersion: { } acked } when acked == gateway.ConfigVersion => text["Site.ConfigApplied", acked],
        _ => text["Site.ConfigSent", gateway.ConfigVersion],
    };
}
