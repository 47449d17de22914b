using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Portal.Commissioning;
using Portal.Data;
using Portal.Sites;

namespace Portal.Energy;

/// <summary>A site as the owner's API lists it.</summary>
public sealed record ApiSite(Guid Id, string Name, string TimeZone, SiteType Type);

/// <summary>A site's energy over a period: the total and its buckets at the resolution asked for.</summary>
public sealed record ApiSiteEnergy(Guid SiteId, DateOnly From, DateOnly To, EnergyResolution Resolution, SiteEnergy Total, EnergyKpis Kpis, IReadOnlyList<SiteEnergy> Series);

/// <summary>A consumption meter's (or billing point's) energy over a period: the total and its buckets.</summary>
public sealed record ApiConsumerEnergy(Guid SiteId, string Id, DateOnly From, DateOnly To, EnergyResolution Resolution, ApiConsumerFigures Total, IReadOnlyList<ApiConsumerBucket> Series);

public sealed record ApiConsumerFigures(long ConsumedWh, long SolarWh, long GridWh, decimal? SolarShare);

public sealed record ApiConsumerBucket(DateTime StartUtc, long ConsumedWh, long SolarWh, long GridWh);

/// <summary>
/// The energy of the sites a user manages (<see cref="SiteAccess.MayManage"/>: their owner, or an administrator), for
/// the exports and the read-only API. A site, meter or billing point of anyone else is answered exactly like an
/// unknown one: null.
/// </summary>
public sealed class OwnerEnergy(IDbContextFactory<PortalDbContext> contexts, SiteAccess access, EnergyHistory history, TimeProvider clock)
{
    public async Task<IReadOnlyList<ApiSite>> SitesAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var sites = await access.Visible(db.Sites.AsNoTracking(), user).OrderBy(s => s.Name).ToListAsync(ct);
        return [.. sites.Where(s => access.MayManage(user, s)).Select(s => new ApiSite(s.Id, s.Name, s.TimeZone, s.Type))];
    }

    /// <summary>The site when the user manages it.</summary>
    public async Task<Site?> SiteAsync(ClaimsPrincipal user, Guid siteId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await access.ManagedAsync(db, user, siteId, ct);
    }

    /// <summary>Today in the site's zone (periods may not start later).</summary>
    public DateOnly TodayAt(Site site) => OccupancyPeriod.Today(clock.GetUtcNow(), site.TimeZone);

    public async Task<ApiSiteEnergy> SiteEnergyAsync(Site site, EnergyQuery query, CancellationToken ct = default)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(site.TimeZone);
        var (fromUtc, toUtc) = query.ToUtc(zone);
        var total = await history.SiteTotalAsync(site.Id, fromUtc, toUtc, zone, ct);
        var series = await history.SiteSeriesAsync(site.Id, query.Resolution, fromUtc, toUtc, ct);
        return new ApiSiteEnergy(site.Id, query.Period.Start, query.Period.End, query.Resolution, total, EnergyKpis.Of(total), series);
    }

    /// <summary>A meter of the site's energy, or null when the site has no such meter.</summary>
    public async Task<ApiConsumerEnergy?> MeterEnergyAsync(Site site, string meterId, EnergyQuery query, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (!await db.Meters.AnyAsync(m => m.Id == meterId && m.SiteId == site.Id, ct))
        {
            return null;
        }

        return await ConsumerAsync(site, meterId, new BillingPointEnergy(history, site.Id, [meterId], Zone(site)), query, ct);
    }

    /// <summary>A billing point of the site's energy (the sum of its meters), or null when the site has no such point.</summary>
    public async Task<ApiConsumerEnergy?> BillingPointEnergyAsync(Site site, Guid billingPointId, EnergyQuery query, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (!await db.BillingPoints.AnyAsync(p => p.Id == billingPointId && p.SiteId == site.Id, ct))
        {
            return null;
        }

        var meters = site.Type == SiteType.SingleConsumer
            ? null
            : await db.Meters.AsNoTracking().Where(m => m.BillingPointId == billingPointId).Select(m => m.Id).ToListAsync(ct);
        return await ConsumerAsync(site, billingPointId.ToString(), new BillingPointEnergy(history, site.Id, meters, Zone(site)), query, ct);
    }

    private static async Task<ApiConsumerEnergy> ConsumerAsync(Site site, string id, BillingPointEnergy energy, EnergyQuery query, CancellationToken ct)
    {
        (DateOnly, DateOnly)[] days = [(query.Period.Start, query.Period.End)];
        var total = await energy.TotalAsync(days, ct);
        var series = await energy.SeriesAsync(query.Period, query.Resolution, days, ct);
        return new ApiConsumerEnergy(site.Id, id, query.Period.Start, query.Period.End, query.Resolution,
            new ApiConsumerFigures(total.ConsumedWh, total.SolarWh, total.GridWh, total.SolarShare),
            [.. series.Select(b => new ApiConsumerBucket(b.StartUtc, b.ConsumedWh, b.SolarWh, b.ConsumedWh - b.SolarWh))]);
    }

    private static TimeZoneInfo Zone(Site site) => TimeZoneInfo.FindSystemTimeZoneById(site.TimeZone);
}
