using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Accounts;
using Portal.Data;
using Portal.Hosting;

namespace Portal.Sites;

/// <summary>
/// Who may see and change which site: the one place that decides it, for queries (<see cref="Visible"/>), pages and
/// endpoints (<see cref="SitePolicies"/>) and services. Administrators see every site; an owner the sites they own;
/// an installer the sites they commission (<see cref="Site.InstallerId"/>), or every site when
/// <c>Portal:Installers:SeeAllSites</c> is on (a support team).
/// </summary>
public sealed class SiteAccess(IOptions<PortalOptions> options)
{
    /// <summary>The sites <paramref name="user"/> may see, as a filter for a query.</summary>
    public IQueryable<Site> Visible(IQueryable<Site> sites, ClaimsPrincipal user)
    {
        if (user.IsInRole(Roles.Administrator) || (user.IsInRole(Roles.Installer) && options.Value.Installers.SeeAllSites))
        {
            return sites;
        }

        var id = user.PortalUserId();
        var installer = user.IsInRole(Roles.Installer);
        var owner = user.IsInRole(Roles.Owner);
        return sites.Where(s => (installer && s.InstallerId == id) || (owner && s.OwnerId == id));
    }

    /// <summary>The sites an installer works on (theirs, or all for a support team), and nobody else's.</summary>
    public IQueryable<Site> Commissioned(IQueryable<Site> sites, ClaimsPrincipal user)
    {
        if (!user.IsInRole(Roles.Installer))
        {
            return sites.Where(_ => false);
        }

        if (options.Value.Installers.SeeAllSites)
        {
            return sites;
        }

        var id = user.PortalUserId();
        return sites.Where(s => s.InstallerId == id);
    }

    public bool MaySee(ClaimsPrincipal user, Site site) =>
        user.IsInRole(Roles.Administrator) || MayCommission(user, site) || IsOwner(user, site);

    /// <summary>The installer pages and downloads of a site (wizard, inspection, report).</summary>
    public bool MayCommission(ClaimsPrincipal user, Site site) =>
        user.IsInRole(Roles.Installer) && (options.Value.Installers.SeeAllSites || site.InstallerId == user.PortalUserId());

    /// <summary>Relay, EV-zone and load-management settings, manual switches and "charge now": the owner, the installer or an administrator.</summary>
    public bool MayControl(ClaimsPrincipal user, Site site) => MayManage(user, site) || MayCommission(user, site);

    /// <summary>Billing points, residents and archiving: the site's owner, or an administrator.</summary>
    public bool MayManage(ClaimsPrincipal user, Site site) => user.IsInRole(Roles.Administrator) || IsOwner(user, site);

    /// <summary>The site (not tracked) when <paramref name="user"/> may see it (<see cref="MaySee"/>); null when it does not exist or they may not, so a caller cannot tell the two apart.</summary>
    public Task<Site?> SeenAsync(PortalDbContext db, ClaimsPrincipal user, Guid siteId, CancellationToken ct = default) =>
        FindAsync(db, siteId, site => MaySee(user, site), ct);

    /// <summary>The site (not tracked) when <paramref name="user"/> may change its control settings (<see cref="MayControl"/>); null otherwise.</summary>
    public Task<Site?> ControlledAsync(PortalDbContext db, ClaimsPrincipal user, Guid siteId, CancellationToken ct = default) =>
        FindAsync(db, siteId, site => MayControl(user, site), ct);

    /// <summary>The site (not tracked) when <paramref name="user"/> may manage it (<see cref="MayManage"/>); null otherwise.</summary>
    public Task<Site?> ManagedAsync(PortalDbContext db, ClaimsPrincipal user, Guid siteId, CancellationToken ct = default) =>
        FindAsync(db, siteId, site => MayManage(user, site), ct);

    private static async Task<Site?> FindAsync(PortalDbContext db, Guid siteId, Func<Site, bool> allowed, CancellationToken ct)
    {
        var site = await db.Sites.AsNoTracking().SingleOrDefaultAsync(s => s.Id == siteId, ct);
        return site is not null && allowed(site) ? site : null;
    }

    private static bool IsOwner(ClaimsPrincipal user, Site site) =>
        user.IsInRole(Roles.Owner) && site.OwnerId is { } owner && owner == user.PortalUserId();
}
