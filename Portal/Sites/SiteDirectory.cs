using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Sites;

public sealed record SiteSummary(Guid Id, string Name, string Address, string? OwnerName, int BillingPoints);

public sealed record ResidenceSummary(Guid BillingPointId, string BillingPoint, string Site, string Address);

/// <summary>Read models of sites for each role's home page. Each query is scoped to what that role may see.</summary>
public sealed class SiteDirectory(IDbContextFactory<PortalDbContext> contexts)
{
    /// <summary>All sites, for installers.</summary>
    public Task<List<SiteSummary>> AllAsync(CancellationToken ct = default) => SummariesAsync(_ => true, ct);

    /// <summary>The sites an owner owns.</summary>
    public Task<List<SiteSummary>> OwnedByAsync(Guid ownerId, CancellationToken ct = default) =>
        SummariesAsync(s => s.OwnerId == ownerId, ct);

    /// <summary>The billing points a resident is linked to, and nothing else.</summary>
    public async Task<List<ResidenceSummary>> ResidencesOfAsync(Guid residentId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await (
            from point in db.BillingPoints.AsNoTracking()
            join site in db.Sites on point.SiteId equals site.Id
            where point.ResidentId == residentId
            orderby site.Name, point.Name
            select new ResidenceSummary(point.Id, point.Name, site.Name, site.Address)).ToListAsync(ct);
    }

    private async Task<List<SiteSummary>> SummariesAsync(System.Linq.Expressions.Expression<Func<Site, bool>> filter, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Sites.AsNoTracking()
            .Where(filter)
            .OrderBy(s => s.Name)
            .Select(s => new SiteSummary(
                s.Id,
                s.Name,
                s.Address,
                db.Users.Where(u => u.Id == s.OwnerId).Select(u => u.DisplayName).FirstOrDefault(),
                s.BillingPoints.Count))
            .ToListAsync(ct);
    }
}
