using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Portal.Commissioning;
using Portal.Data;
using Portal.Localization;
using Portal.Sites;

namespace Portal.Telemetry;

/// <summary>A meter of a gateway that has not been heard from for longer than <see cref="GatewayOverview.MeterSilentAfter"/>.</summary>
/// <param name="LastHeard">Its latest live reading or the end of its latest quarter-hour, whichever is later; null: never heard.</param>
public sealed record SilentMeter(string Id, string Name, string BusName, DateTimeOffset? LastHeard);

/// <summary>One gateway as its owner and installer follow it.</summary>
/// <param name="Online">Online by its own word and heard within <see cref="MeterInspector.GatewaySilentAfter"/>.</param>
/// <param name="Since">Online: since it came online (null when that was before the portal kept it); offline: since it was last heard.</param>
/// <param name="LastSeen">When the portal last heard from it.</param>
/// <param name="LastIntervalReceived">When the portal received the latest quarter-hour of any of its meters.</param>
/// <param name="LastLiveReading">When the latest live reading of any of its meters was measured.</param>
public sealed record GatewayHealth(
    string Id,
    string Name,
    bool Online,
    DateTimeOffset? Since,
    DateTimeOffset? LastSeen,
    DateTimeOffset? LastIntervalReceived,
    DateTimeOffset? LastLiveReading,
    int Meters,
    IReadOnlyList<SilentMeter> SilentMeters,
    ConfigApplication Config,
    long ConfigVersion,
    long? AckedConfigVersion,
    string? ConfigRejectReason,
    DateTimeOffset? ConfigAcknowledged,
    long? OutboxBacklog);

/// <summary>A site's gateways at <paramref name="At"/>, with the site's time zone to show their instants in.</summary>
public sealed record SiteGatewaysView(Guid SiteId, string SiteName, TimeZoneInfo Zone, DateTimeOffset At, IReadOnlyList<GatewayHealth> Gateways);

/// <summary>
/// Per site, its gateways: online or offline, the last data received, the meters not answering, the configuration
/// pushed against the one acknowledged, and the outbox backlog. For those <see cref="SiteAccess"/> lets at the site.
/// </summary>
public sealed class GatewayOverview(IDbContextFactory<PortalDbContext> contexts, SiteTelemetry telemetry, SiteAccess access, TimeProvider clock)
{
    /// <summary>
    /// A meter silent for longer than this is "not answering" on the overview. An answering meter is heard at least
    /// once a quarter-hour (an interval at every boundary, and live readings at a polling interval of 15 min at most),
    /// so this is one quarter-hour and five minutes for delivery. The inspection waits far less
    /// (<see cref="SiteCommissioning.StaleAfter"/>): the installer stands in front of the meter and it polls every few seconds.
    /// </summary>
    public static readonly TimeSpan MeterSilentAfter = TimeSpan.FromMinutes(20);

    /// <summary>The site's gateways as the user may see them; null for an unknown site or one the user may not see.</summary>
    public async Task<SiteGatewaysView?> ForAsync(ClaimsPrincipal user, Guid siteId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var site = await access.SeenAsync(db, user, siteId, ct);
        if (site is null)
        {
            return null;
        }

        var gateways = await db.Gateways.AsNoTracking().Where(g => g.SiteId == siteId).OrderBy(g => g.Name).ThenBy(g => g.Id).ToListAsync(ct);
        var meters = await db.Meters.AsNoTracking().Where(m => m.SiteId == siteId)
            .Join(db.Buses, m => m.BusId, b => b.Id, (m, b) => new
            {
                m.Id,
                m.Name,
                m.UnitId,
                b.GatewayId,
                BusName = b.Name == "" ? b.Id : b.Name,
                // The latest quarter-hour by its start: the primary key's order, so one index seek per meter.
                LastInterval = db.MeterIntervals.Where(i => i.MeterId == m.Id).OrderByDescending(i => i.StartUtc)
                    .Select(i => new { i.EndUtc, i.ReceivedUtc }).FirstOrDefault(),
            })
            .OrderBy(m => m.BusName).ThenBy(m => m.UnitId)
            .ToListAsync(ct);
        var live = await telemetry.LiveOfAsync(siteId, ct);
        var now = clock.GetUtcNow();

        var health = gateways.Select(gateway =>
        {
            var own = meters.Where(m => m.GatewayId == gateway.Id).ToList();
            var heard = own.Select(m =>
            {
                var measured = live.GetValueOrDefault(m.Id)?.MeasuredAt;
                var intervalEnd = Utc(m.LastInterval?.EndUtc);
                return (Meter: m, Live: measured, Received: Utc(m.LastInterval?.ReceivedUtc), LastHeard: Latest(measured, intervalEnd));
            }).ToList();
            var online = !MeterInspector.GatewayOffline(gateway, now);
            return new GatewayHealth(
                gateway.Id,
                gateway.Name,
                online,
                Utc(online ? gateway.OnlineSinceUtc : gateway.LastSeenUtc),
                Utc(gateway.LastSeenUtc),
                heard.Max(h => h.Received),
                heard.Max(h => h.Live),
                own.Count,
                heard.Where(h => MeterInspector.NotAnswering(h.LastHeard, now, MeterSilentAfter))
                    .Select(h => new SilentMeter(h.Meter.Id, h.Meter.Name, h.Meter.BusName, h.LastHeard))
                    .ToList(),
                GatewayConfigState.Of(gateway.ConfigVersion, gateway.AckedConfigVersion, gateway.ConfigOutcome),
                gateway.ConfigVersion,
                gateway.AckedConfigVersion,
                gateway.ConfigRejectReason,
                Utc(gateway.ConfigAckUtc),
                gateway.OutboxBacklog);
        }).ToList();

        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(site.TimeZone, out var found) ? found : PortalCultures.AccountZone;
        return new SiteGatewaysView(site.Id, site.Name, zone, now, health);
    }

    private static DateTimeOffset? Utc(DateTime? utc) => utc is { } value ? new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)) : null;

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) => a > b || b is null ? a : b;
}
