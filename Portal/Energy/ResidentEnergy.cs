using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Portal.Accounts;
using Portal.Commissioning;
using Portal.Data;
using Portal.Sites;

namespace Portal.Energy;

/// <summary>A billing point a resident lives or lived in, as their energy page lists it.</summary>
public sealed record ResidentHome(Guid BillingPointId, string Name, string Site);

/// <summary>
/// What the resident's energy page shows for one billing point and period. <see cref="Problem"/> is a message key
/// when the period cannot be shown (then there are no figures); <see cref="Previous"/> and <see cref="YearEarlier"/>
/// are null when the resident did not live there then.
/// </summary>
public sealed record ResidentEnergyView(
    ResidentHome Home,
    EnergyPeriod Period,
    TimeZoneInfo Zone,
    EnergyResolution Resolution,
    DateOnly Today,
    IReadOnlyList<(DateOnly Start, DateOnly End)> OccupiedDays,
    BillingPointFigures Total,
    BillingPointFigures? Previous,
    BillingPointFigures? YearEarlier,
    IReadOnlyList<BillingPointBucket> Series,
    string? Problem);

/// <summary>
/// A resident's own energy: only billing points they occupy or occupied, and only for the local days of their
/// occupancies (<see cref="OccupancyPeriod.Clip"/>): what the point used before the move-in or after the move-out is
/// another resident's. Anyone else, or a billing point the user never lived in, gets nothing (null).
/// </summary>
public sealed class ResidentEnergy(IDbContextFactory<PortalDbContext> contexts, SiteDirectory directory, EnergyHistory history, TimeProvider clock)
{
    /// <summary>The kinds of period a resident picks from.</summary>
    public static readonly IReadOnlyList<PeriodKind> Kinds = [PeriodKind.Day, PeriodKind.Month, PeriodKind.Year];

    /// <summary>The billing points the user lived in (moved in by today), current ones first (<see cref="SiteDirectory.ResidencesOfAsync"/>).</summary>
    public async Task<IReadOnlyList<ResidentHome>> HomesAsync(ClaimsPrincipal user, CancellationToken ct = default) =>
        user.IsInRole(Roles.Resident)
            ? [.. (await directory.ResidencesOfAsync(user.PortalUserId(), ct)).DistinctBy(r => r.BillingPointId).Select(r => new ResidentHome(r.BillingPointId, r.BillingPoint, r.Site))]
            : [];

    /// <summary>
    /// The period of the billing point as the user lived it, or null when the user is not a resident who lived there
    /// (at any time). A period that cannot be shown, or that they did not live in, comes back with a
    /// <see cref="ResidentEnergyView.Problem"/>. Without a period: the month containing today (or the move-out).
    /// </summary>
    public async Task<ResidentEnergyView?> ForAsync(ClaimsPrincipal user, Guid billingPointId, EnergyPeriod? period, CancellationToken ct = default)
    {
        if (!user.IsInRole(Roles.Resident))
        {
            return null;
        }

        var residentId = user.PortalUserId();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var point = await (
            from p in db.BillingPoints.AsNoTracking()
            join site in db.Sites on p.SiteId equals site.Id
            where p.Id == billingPointId
            select new { p.Id, p.Name, SiteId = site.Id, Site = site.Name, site.TimeZone, site.Type }).SingleOrDefaultAsync(ct);
        var occupancies = point is null ? [] : await db.Occupancies.AsNoTracking()
            .Where(o => o.BillingPointId == billingPointId && o.ResidentId == residentId)
            .Select(o => new OccupancyPeriod(o.MoveIn, o.MoveOut)).ToListAsync(ct);
        if (point is null || occupancies.Count == 0)
        {
            return null;
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(point.TimeZone);
        var today = OccupancyPeriod.Today(clock.GetUtcNow(), zone);
        if (!occupancies.Any(o => o.MoveIn <= today))
        {
            return null;
        }

        var lastDay = occupancies.Max(o => o.MoveOut is { } end ? end.AddDays(-1) : today);
        period ??= EnergyPeriod.Containing(PeriodKind.Month, lastDay < today ? lastDay : today);
        var home = new ResidentHome(point.Id, point.Name, point.Site);
        var resolution = ResolutionOf(period);
        var occupied = Occupied(occupancies, period);
        var problem = EnergyQuery.ProblemKey(period, today) ?? (occupied.Count == 0 ? "Resident.Energy.NotLivedThere" : null);
        if (problem is not null)
        {
            return new ResidentEnergyView(home, period, zone, resolution, today, occupied, default, null, null, [], problem);
        }

        var meters = point.Type == SiteType.SingleConsumer
            ? null
            : await db.Meters.AsNoTracking().Where(m => m.BillingPointId == billingPointId).Select(m => m.Id).ToListAsync(ct);
        var source = new BillingPointEnergy(history, point.SiteId, meters, zone);
        var total = await source.TotalAsync(occupied, ct);
        var previous = Occupied(occupancies, period.Previous()) is { Count: > 0 } before ? await source.TotalAsync(before, ct) : (BillingPointFigures?)null;
        var yearEarlier = Occupied(occupancies, period.YearEarlier()) is { Count: > 0 } earlier ? await source.TotalAsync(earlier, ct) : (BillingPointFigures?)null;
        var series = await source.SeriesAsync(period, resolution, occupied, ct);
        return new ResidentEnergyView(home, period, zone, resolution, today, occupied, total, previous, yearEarlier, series, null);
    }

    /// <summary>The bars of a resident's chart: hours of a day, days of a month, months of a year.</summary>
    public static EnergyResolution ResolutionOf(EnergyPeriod period) => period.Kind switch
    {
        PeriodKind.Day => EnergyResolution.Hour,
        PeriodKind.Year => EnergyResolution.Month,
        _ => period.Days <= 2 ? EnergyResolution.Hour : period.Days <= 92 ? EnergyResolution.Day : EnergyResolution.Month,
    };

    /// <summary>The days of <paramref name="period"/> inside the occupancies, in order.</summary>
    public static IReadOnlyList<(DateOnly Start, DateOnly End)> Occupied(IEnumerable<OccupancyPeriod> occupancies, EnergyPeriod period) =>
        [.. occupancies.Select(o => o.Clip(period.Start, period.End)).OfType<(DateOnly Start, DateOnly End)>().OrderBy(d => d.Start)];
}
