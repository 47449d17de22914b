using Portal.Sites;
using Portal.Telemetry;

namespace Portal.Energy;

/// <summary>
/// A site's power right now, from the latest live value of each meter (PROTOCOLS.md: + import, − export), in W:
/// PV production (its meters export), the grid (+ buying, − selling; a virtual RCP's connections summed), the
/// battery (+ charging, − discharging) and the load behind the introduction (PV + grid − battery). Without an
/// introduction meter reading the load is the sum of the consumption meters. A figure is null when no meter of that
/// role has a value. <see cref="MeasuredAt"/> is the oldest value used, so a stale meter shows. Pure.
/// </summary>
public sealed record LivePowerFlow(decimal? SolarW, decimal? GridW, decimal? BatteryW, decimal? LoadW, DateTimeOffset? MeasuredAt)
{
    public static LivePowerFlow Of(IReadOnlyDictionary<string, MeterRole> roles, IEnumerable<LiveMeterValues> latest)
    {
        decimal? solar = null, grid = null, battery = null, consumers = null;
        DateTimeOffset? oldest = null;
        foreach (var values in latest)
        {
            if (!roles.TryGetValue(values.MeterId, out var role))
            {
                continue;
            }

            switch (role)
            {
                case MeterRole.PvProduction:
                    solar = (solar ?? 0) - values.ActivePowerW;
                    break;
                case MeterRole.GridIntroduction:
                    grid = (grid ?? 0) + values.ActivePowerW;
                    break;
                case MeterRole.Battery:
                    battery = (battery ?? 0) + values.ActivePowerW;
                    break;
                default:
                    consumers = (consumers ?? 0) + values.ActivePowerW;
                    break;
            }

            oldest = oldest is { } o && o < values.MeasuredAt ? o : values.MeasuredAt;
        }

        var load = grid is { } g ? (solar ?? 0) + g - (battery ?? 0) : consumers;
        return new LivePowerFlow(solar, grid, battery, load, oldest);
    }
}
