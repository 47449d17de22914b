using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Portal.Accounts;
using Portal.Data;
using Portal.Sites;

namespace Portal.Telemetry;

public sealed record GatewayView(string Id, string Name, bool IsOnline, DateTime? LastSeenUtc, long ConfigVersion, long? AckedConfigVersion, string? ConfigOutcome, string? ConfigRejectReason, long? OutboxBacklog);

/// <summary>A meter as pages show it; <paramref name="BusName"/> is the installer's name for its bus (the id is internal).</summary>
public sealed record MeterView(string Id, string Name, MeterRole Role, string Model, string BusId, int UnitId, string BusName = "");

public sealed record SiteTelemetryView(Guid Id, string Name, string TimeZone, IReadOnlyList<GatewayView> Gateways, IReadOnlyList<MeterView> Meters, IReadOnlyList<LiveMeterValues> Live);

/// <summary>A site's gateways, meters and latest values, for those allowed to see that site.</summary>
public sealed class SiteTelemetry(IDbContextFactory<PortalDbContext> contexts, LiveMeterFeed feed, SiteAccess access)
{
    /// <summary>The site as <see cref="SiteAccess"/> lets the user see it; nothing (null) for anyone else.</summary>
    public async Task<SiteTelemetryView?> ForAsync(ClaimsPrincipal user, Guid siteId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var site = await access.SeenAsync(db, user, siteId, ct);
        if (site is null)
        {
            return null;
        }

        var gateways = await db.Gateways.AsNoTracking().Where(g => g.SiteId == siteId).OrderBy(g => g.Id)
            .Select(g => new GatewayView(g.Id, g.Name, g.IsOnline, g.LastSeenUtc, g.ConfigVersion, g.AckedConfigVersion, g.ConfigOutcome, g.ConfigRejectReason, g.OutboxBacklog))
            .ToListAsync(ct);
        var meters = await db.Meters.AsNoTracking().Where(m => m.SiteId == siteId).OrderBy(m => m.BusId).ThenBy(m => m.UnitId)
            .Select(m => new MeterView(m.Id, m.Name, m.Role, m.Model, m.BusId, m.UnitId, db.Buses.Where(b => b.Id == m.BusId).Select(b => b.Name).FirstOrDefault() ?? m.BusId))
            .ToListAsync(ct);
        var live = await LiveOfAsync(db, siteId, meters.Select(m => m.Id).ToList(), ct);
        return new SiteTelemetryView(site.Id, site.Name, site.TimeZone, gateways, meters, live.Values.ToList());
    }

    /// <summary>The latest values of each of a site's meters, for services that judge them (no user: callers check theirs).</summary>
    public async Task<IReadOnlyDictionary<string, LiveMeterValues>> LiveOfAsync(Guid siteId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var meterIds = await db.Meters.AsNoTracking().Where(m => m.SiteId == siteId).Select(m => m.Id).ToListAsync(ct);
        return await LiveOfAsync(db, siteId, meterIds, ct);
    }

    private async Task<Dictionary<string, LiveMeterValues>> LiveOfAsync(PortalDbContext db, Guid siteId, List<string> meterIds, CancellationToken ct)
    {
        var stored = await db.MeterLiveReadings.AsNoTracking().Where(r => meterIds.Contains(r.MeterId)).ToListAsync(ct);
        var live = stored.Select(r => new LiveMeterValues(
                r.MeterId, siteId, new DateTimeOffset(r.MeasuredUtc, TimeSpan.Zero), r.ActivePowerW, r.ImportRegisterWh / 1000m, r.ExportRegisterWh / 1000m,
                r.VoltageL1, r.VoltageL2, r.VoltageL3, r.CurrentL1, r.CurrentL2, r.CurrentL3, r.PowerL1, r.PowerL2, r.PowerL3, r.FrequencyHz))
            .ToDictionary(v => v.MeterId);
        foreach (var recent in feed.LatestOf(siteId))
        {
            // Values received since start may be newer than the stored row of the last batch.
            if (!live.TryGetValue(recent.MeterId, out var known) || known.MeasuredAt < recent.MeasuredAt)
            {
                live[recent.MeterId] = recent;
            }
        }

        return live;
    }
}
