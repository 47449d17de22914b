using System.Linq.Expressions;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Accounts;
using Portal.Data;
using Portal.Localization;

namespace Portal.Sites;

public sealed record SiteSummary(Guid Id, string Name, string Address, string? OwnerName, int BillingPoints, bool Archived = false, Guid? InstallerId = null);

/// <summary>
/// A billing point a resident lives or lived in. A past one (<see cref="IsCurrent"/> false) carries its name and dates
/// only: nothing of the site today.
/// </summary>
public sealed record ResidenceSummary(Guid BillingPointId, string BillingPoint, string Site, string Address, DateOnly MoveIn, DateOnly? MoveOut, bool IsCurrent);

/// <summary>An installer an administrator may assign to a site.</summary>

/// <summary>
/// Read models of sites for each role's home page, and the changes to a site that are not commissioning (archive,
/// assigned installer). Each query is scoped to what that role may see (<see cref="SiteAccess"/>); archived sites
/// are left out unless asked for.
/// </summary>
public sealed class SiteDirectory(IDbContextFactory<PortalDbContext> contexts, SiteAccess access, TimeProvider clock, IStringLocalizer<SharedResource> text)
{
    /// <summary>Every site, for administrators.</summary>
    public Task<List<SiteSummary>> AllAsync(bool includeArchived = false, CancellationToken ct = default) =>
        SummariesAsync(sites => sites, includeArchived, ct);

    /// <summary>The sites an installer commissions (all of them for a support team, <c>Portal:Installers:SeeAllSites</c>).</summary>
    public Task<List<SiteSummary>> CommissionedByAsync(ClaimsPrincipal installer, bool includeArchived = false, CancellationToken ct = default) =>
        SummariesAsync(sites => access.Commissioned(sites, installer), includeArchived, ct);

    /// <summary>The sites an owner owns.</summary>
    public Task<List<SiteSummary>> OwnedByAsync(Guid ownerId, bool includeArchived = false, CancellationToken ct = default) =>
        SummariesAsync(sites => sites.Where(s => s.OwnerId == ownerId), includeArchived, ct);

    /// <summary>
    /// The billing points a resident lives in today and those they moved out of, each in its site's time zone;
    /// nothing they have not moved into yet, and nobody else's.
    /// </summary>
    public async Task<List<ResidenceSummary>> ResidencesOfAsync(Guid residentId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await (
            from occupancy in db.Occupancies.AsNoTracking()
            join point in db.BillingPoints on occupancy.BillingPointId equals point.Id
            join site in db.Sites on point.SiteId equals site.Id
            where occupancy.ResidentId == residentId
            select new { occupancy.MoveIn, occupancy.MoveOut, point.Id, point.Name, Site = site.Name, site.Address, site.TimeZone }).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return rows
            .Select(r => (Row: r, Today: OccupancyPeriod.Today(now, r.TimeZone)))
            .Where(r => r.Row.MoveIn <= r.Today)
            .Select(r =>
            {
                var current = new OccupancyPeriod(r.Row.MoveIn, r.Row.MoveOut).Contains(r.Today);
                return new ResidenceSummary(r.Row.Id, r.Row.Name, r.Row.Site, current ? r.Row.Address : "", r.Row.MoveIn, r.Row.MoveOut, current);
            })
            .OrderByDescending(r => r.IsCurrent).ThenByDescending(r => r.MoveIn)
            .ToList();
    }

    /// <summary>Archives a site (hidden from lists by default, read-only) or brings it back: its owner or an administrator.</summary>
    public async Task<IReadOnlyList<string>> SetArchivedAsync(ClaimsPrincipal user, Guid siteId, bool archived, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var site = await db.Sites.SingleOrDefaultAsync(s => s.Id == siteId, ct);
        if (site is null || !access.MayManage(user, site))
        {
            return [text["Site.NotFound"]];
        }

        site.ArchivedUtc = archived ? site.ArchivedUtc ?? clock.GetUtcNow().UtcDateTime : null;
        await db.SaveChangesAsync(ct);
        return [];
    }

    /// <summary>Gives a site to an installer (or to none), for administrators only.</summary>
    public async Task<IReadOnlyList<string>> AssignInstallerAsync(ClaimsPrincipal user, Guid siteId, Guid? installerId, CancellationToken ct = default)
    {
        if (!user.IsInRole(Roles.Administrator))
        {
            return [text["Site.NotFound"]];
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var installerRole = Roles.IdOf(Roles.Installer);
        if (installerId is { } id && !await db.UserRoles.AnyAsync(r => r.UserId == id && r.RoleId == installerRole, ct))
        {
            return [text["Site.NotAnInstaller"]];
        }

        var changed = await db.Sites.Where(s => s.Id == siteId).ExecuteUpdateAsync(s => s.SetProperty(x => x.InstallerId, installerId), ct);
        return changed == 1 ? [] : [text["Site.NotFound"]];
    }

    public async Task<List<AccountChoice>> InstallersAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await AccountChoice.InRoleAsync(db, Roles.Installer, ct);
    }

    private async Task<List<SiteSummary>> SummariesAsync(Func<IQueryable<Site>, IQueryable<Site>> scope, bool includeArchived, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        Expression<Func<Site, bool>> shown = includeArchived ? _ => true : s => s.ArchivedUtc == null;
        return await scope(db.Sites.AsNoTracking())
            .Where(shown)
            .OrderBy(s => s.Name)
            .Select(s => new SiteSummary(
                s.Id,
                s.Name,
                s.Address,
                db.Users.Where(u => u.Id == s.OwnerId).Select(u => u.DisplayName).FirstOrDefault(),
                s.BillingPoints.Count,
                s.ArchivedUtc != null,
                s.InstallerId))
            .ToListAsync(ct);
    }
}
