using Portal.Contracts.Control;
using Portal.Contracts.Mqtt;

namespace Portal.Edge.Configuration;

/// <summary>
/// What the edge itself must refuse in a config's <see cref="GatewayConfigMessage.Control"/> (pure): references to
/// meters, relay modules and coils that the config does not have, and a polling interval too slow for the loop's
/// fail-safe. Every reason names the relay, module or meter at fault (the portal shows them to the installer).
/// </summary>
public static class ControlConfigChecks
{
    public static IReadOnlyList<string> Check(GatewayConfigMessage config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Control is not { } control)
        {
            return [];
        }

        var errors = new List<string>();
        if (config.Polling is not { } polling)
        {
            return ["Control needs the polling part of the config: its grid meters and relay modules are read there."];
        }

        var meters = (polling.Meters ?? []).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        var modules = control.RelayModules.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        if (control.GridMeterIds.Count == 0)
        {
            errors.Add("Control: no grid meter is named; the loop needs the introduction meter.");
        }

        errors.AddRange(control.GridMeterIds.Where(id => !meters.Contains(id)).Select(id => $"Control: grid meter '{id}' is not a meter of this gateway."));
        foreach (var relay in control.Relays)
        {
            if (!modules.Contains(relay.ModuleId))
            {
                errors.Add($"Relay '{relay.Id}': relay module '{relay.ModuleId}' is not configured.");
            }

            if (relay.Coil is < 0 or > 3)
            {
                errors.Add($"Relay '{relay.Id}': coil {relay.Coil} is outside 0-3 (a WP8024 has 4 relays).");
            }
        }

        if (control.RippleControl is { } ripple && !modules.Contains(ripple.ModuleId))
        {
            errors.Add($"Ripple control: relay module '{ripple.ModuleId}' is not configured.");
        }

        if (control.CycleMilliseconds is < 100 or > 60_000)
        {
            errors.Add($"Control: cycle {control.CycleMilliseconds} ms is outside 100-60000 ms.");
        }

        if (control.StaleAfterSeconds < 1)
        {
            errors.Add($"Control: staleness {control.StaleAfterSeconds} s must be at least 1 s.");
        }

        // The loop reads the grid meters' and modules' latest values; they are read once per polling interval, so
        // a reading is up to one interval old before jitter. Two readings per staleness window keep one missed read
        // from tripping fail-safe (docs/edge-control.md, "Polling and staleness").
        else if (polling.IntervalSeconds * 2 > control.StaleAfterSeconds)
        {
            errors.Add($"Control: polling interval {polling.IntervalSeconds} s is too slow for fail-safe after {control.StaleAfterSeconds} s; use at most {control.StaleAfterSeconds / 2} s, or raise the staleness to at least {polling.IntervalSeconds * 2} s.");
        }

        return errors;
    }
}
