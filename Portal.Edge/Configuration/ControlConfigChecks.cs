using Portal.Contracts.Control;
using Portal.Contracts.Mqtt;

namespace Portal.Edge.Configuration;

/// <summary>
/// The edge's rules for a config's <see cref="GatewayConfigMessage.Control"/> (pure): the shared
/// <see cref="ControlConfigValidator"/> (the same rules the portal applies before pushing: unknown meters, modules,
/// buses and coils among them), and the polling interval control needs so that fail-safe is never tripped by the
/// polling interval itself.
/// </summary>
public static class ControlConfigChecks
{
    /// <summary>Every reason the control part cannot be applied, as "Control: Code(subject: figures)"; empty when usable or absent.</summary>
    public static IReadOnlyList<string> Check(GatewayConfigMessage config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Control is not { } control)
        {
            return [];
        }

        if (config.Polling is null)
        {
            return ["Control: the config has no polling part; the grid meters and relay modules are read there."];
        }

        return [.. ControlConfigValidator.Check(control, config.Polling).Select(p => $"Control: {p}.")];
    }

    /// <summary>
    /// The polling interval to run: with control, at most half of <see cref="ControlConfig.StaleAfterSeconds"/> (at
    /// least 1 s), so the grid meters and relay modules are read twice per staleness window and one late read does not
    /// trip fail-safe (docs/edge-control.md, "Polling and staleness"); without control, the config's interval.
    /// </summary>
    public static int PollingIntervalSeconds(GatewayConfigMessage config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var interval = config.Polling?.IntervalSeconds ?? 0;
        return config.Control is { } control ? Math.Min(interval, Math.Max(1, control.StaleAfterSeconds / 2)) : interval;
    }
}
