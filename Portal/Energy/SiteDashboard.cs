using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Portal.Commissioning;
using Portal.Data;
using Portal.Sites;
using Portal.Telemetry;

namespace Portal.Energy;

/// <summary>
/// The owner's energy dashboard of a site (issue 9, item 3): for those <see cref="SiteAccess.MaySee"/> lets at the
/// site, one period's chart series, key figures against the previous period and a year earlier, flows, meters and
/// billing points with their solar share, the consumption heat map and the latest live values. Everything is read
/// from the stored balance (<see cref="EnergyHistory"/>), so the figures are those of every other view and the bills.
/// </summary>
public sealed class SiteDashboard(IDbContextFactory<PortalDbContext> contexts, SiteAccess access, EnergyHistory history, SiteTelemetry telemetry, TimeProvider clock)
{
    /// <summary>
    /// The dashboard of the period <paramref name="query"/> names; null for a site that does not exist or that
    /// <paramref name="user"/> may not see. A period that cannot be shown comes back with its message, never throws.
    /// </summary>
    public async Task<SiteDashboardView?> ForAsync(ClaimsPrincipal user, Guid siteId, EnergyPeriodQuery query, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var site = await access.SeenAsync(db, user, siteId, ct);
        if (site is null)
        {
            return null;
        }

        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(site.TimeZone, out var found) ? found : TimeZoneInfo.Utc;
        var today = EnergyBuckets.LocalDay(clock.GetUtcNow().UtcDateTime, zone);
        var (period, problem) = query.Resolve(today);
        var meters = await db.Meters.AsNoTracking().Where(m => m.SiteId == siteId).OrderBy(m => m.Name)
            .Select(m => new { m.Id, m.Name, m.Role, m.BillingPointId }).ToListAsync(ct);
        var roles = meters.ToDictionary(m => m.Id, m => m.Role, StringComparer.Ordinal);
        var live = (await telemetry.LiveOfAsync(siteId, ct)).Values.ToList();
        if (problem is not null)
        {
            return new SiteDashboardView(site.Id, site.Name, zone, today, period, problem, false, [], [], null, [], [], 0, 0, null, roles, live);
        }

        var (fromUtc, toUtc) = period.ToUtc(zone);
        var total = await history.SiteTotalAsync(siteId, fromUtc, toUtc, zone, ct);
        var previous = await TotalOrNullAsync(siteId, period.Previous(), zone, ct);
        var yearEarlier = await TotalOrNullAsync(siteId, period.YearEarlier(), zone, ct);
        var series = await history.SiteSeriesAsync(siteId, period.ChartResolution, fromUtc, toUtc, ct);
        var heatColumns = ConsumptionHeatMap.ColumnsFor(period);
        var heatBuckets = await history.SiteFigureAsync(siteId, EnergyColumns.Consumption, heatColumns, fromUtc, toUtc, ct);
        var meterTotals = (await history.MeterTotalsAsync(siteId, fromUtc, toUtc, zone, ct)).ToDictionary(m => m.MeterId, StringComparer.Ordinal);
        var points = await db.BillingPoints.AsNoTracking().Where(p => p.SiteId == siteId).OrderBy(p => p.Name).Select(p => new { p.Id, p.Name }).ToListAsync(ct);

        var consumers = meters.Where(m => new BalanceMeter(m.Id, m.Role).IsConsumer).ToList();
        var meterRows = site.Type == SiteType.SingleConsumer ? [] : consumers
            .Select(m => meterTotals.TryGetValue(m.Id, out var e) ? new ConsumerEnergy(m.Name, e.ConsumedWh, e.SolarWh, e.EstimatedQuarterHours) : new ConsumerEnergy(m.Name, 0, 0, 0))
            .ToList();
        var pointRows = site.Type == SiteType.SingleConsumer
            // The house is the one consumer: its consumption is the site's (energy-core.md), its estimate the site's.
            ? points.Select(p => new ConsumerEnergy(p.Name, total.MeteredWh, total.SolarToMetersWh, total.EstimatedReadings)).ToList()
            : points.Select(p =>
            {
                var own = consumers.Where(m => m.BillingPointId == p.Id).Select(m => meterTotals.GetValueOrDefault(m.Id)).OfType<MeterEnergy>().ToList();
                return new ConsumerEnergy(p.Name, own.Sum(e => e.ConsumedWh), own.Sum(e => e.SolarWh), own.Sum(e => e.EstimatedQuarterHours));
            }).ToList();

        return new SiteDashboardView(
            site.Id, site.Name, zone, today, period, null, total.QuarterHours > 0,
            Series(period.ChartResolution, fromUtc, toUtc, zone, series),
            EnergyKpiFigure.Of(EnergyKpis.Of(total), previous is null ? null : EnergyKpis.Of(previous), yearEarlier is null ? null : EnergyKpis.Of(yearEarlier)),
            EnergyFlows.Of(total),
            meterRows,
            pointRows,
            site.Type == SiteType.SingleConsumer ? 0 : total.ResidualWh,
            site.Type == SiteType.SingleConsumer ? 0 : total.ResidualSolarWh,
            ConsumptionHeatMap.Of(period, zone, heatColumns, heatBuckets),
            roles,
            live);
    }

    private async Task<SiteEnergy?> TotalOrNullAsync(Guid siteId, EnergyPeriod period, TimeZoneInfo zone, CancellationToken ct)
    {
        if (period.Start < EnergyPeriod.Earliest)
        {
            return null;
        }

        var (fromUtc, toUtc) = period.ToUtc(zone);
        var total = await history.SiteTotalAsync(siteId, fromUtc, toUtc, zone, ct);
        return total.QuarterHours > 0 ? total : null;
    }

    // Every bucket of the period, so a chart's time axis has no holes where data is missing.
    private static List<EnergySeriesPoint> Series(EnergyResolution resolution, DateTime fromUtc, DateTime toUtc, TimeZoneInfo zone, IReadOnlyList<SiteEnergy> stored)
    {
        var byStart = stored.ToDictionary(s => s.StartUtc);
        return EnergyBuckets.Touching(resolution, fromUtc, toUtc, zone)
            .Select(start => byStart.TryGetValue(start, out var e)
                ? new EnergySeriesPoint(start, e.ProductionWh, e.ConsumptionWh, e.GridImportWh, e.GridExportWh, e.SolarUsedOnSiteWh, e.QuarterHours > 0)
                : new EnergySeriesPoint(start, 0, 0, 0, 0, 0, false))
            .ToList();
    }
}
