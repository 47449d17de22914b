using Portal.Billing;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Accounts;
using Portal.Data;
using Portal.Localization;

namespace Portal.Sites;

public sealed record OccupancyView(Guid Id, Guid ResidentId, string ResidentName, string ResidentEmail, DateOnly MoveIn, DateOnly? MoveOut, bool IsCurrent, bool HasPassword, StructuredAddress? ResidentAddress = null);

public sealed record BillingPointView(Guid Id, string Name, BillingPointKind Kind, int Meters, IReadOnlyList<OccupancyView> Occupancies)
{
    public OccupancyView? Current => Occupancies.FirstOrDefault(o => o.IsCurrent);
}

public sealed record SiteBillingPointsView(Guid SiteId, string SiteName, bool Archived, DateOnly Today, IReadOnlyList<BillingPointView> Points);

/// <summary>A resident to link to a billing point: an existing resident account by address, or a new one invited.</summary>
public sealed record ResidentLink(string Email, string DisplayName, DateOnly MoveIn, DateOnly? MoveOut);

/// <summary>What linking a resident did: errors (ready to show), or the invitation link of a new account (null for an existing one).</summary>
public sealed record LinkOutcome(IReadOnlyList<string> Errors, InvitationLink? Invitation)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// A site's billing points and who occupied them when, for its owner (or an administrator). Every method checks the
/// user may manage the site (<see cref="SiteAccess.MayManage"/>) and that the site is not archived before it changes
/// anything; the occupancy rules are <see cref="OccupancyPeriod"/>'s.
/// </summary>
public sealed class BillingPoints(
    IDbContextFactory<PortalDbContext> contexts,
    SiteAccess access,
    AccountDirectory accounts,
    AccountInvitations invitations,
    TimeProvider clock,
    IStringLocalizer<SharedResource> text)
{
    /// <summary>The site's billing points with their occupancy history; null when the user may not manage the site.</summary>
    public async Task<SiteBillingPointsView?> ForAsync(ClaimsPrincipal user, Guid siteId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var site = await access.ManagedAsync(db, user, siteId, ct);
        if (site is null)
        {
            return null;
        }

        var today = Today(site);
        var points = await db.BillingPoints.AsNoTracking().Where(b => b.SiteId == siteId).OrderBy(b => b.Name).ToListAsync(ct);
        var pointIds = points.Select(p => p.Id).ToList();
        var meters = await db.Meters.AsNoTracking().Where(m => m.SiteId == siteId && m.BillingPointId != null)
            .GroupBy(m => m.BillingPointId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var occupancies = await (
            from occupancy in db.Occupancies.AsNoTracking()
            join resident in db.Users on occupancy.ResidentId equals resident.Id
            where pointIds.Contains(occupancy.BillingPointId)
            select new { occupancy, resident.DisplayName, resident.Email, HasPassword = resident.PasswordHash != null, resident.PostalAddress }).ToListAsync(ct);
        var byPoint = occupancies.ToLookup(o => o.occupancy.BillingPointId);
        return new SiteBillingPointsView(site.Id, site.Name, site.IsArchived, today, points.Select(p => new BillingPointView(
            p.Id,
            p.Name,
            p.Kind,
            meters.GetValueOrDefault(p.Id),
            byPoint[p.Id].OrderByDescending(o => o.occupancy.MoveIn).Select(o => new OccupancyView(
                o.occupancy.Id, o.occupancy.ResidentId, o.DisplayName, o.Email ?? "", o.occupancy.MoveIn, o.occupancy.MoveOut,
                OccupancyPeriod.Of(o.occupancy).Contains(today), o.HasPassword, o.PostalAddress)).ToList())).ToList());
    }

    /// <summary>Adds a billing point (<paramref name="id"/> null) or renames it and changes its kind.</summary>
    public async Task<IReadOnlyList<string>> SaveAsync(ClaimsPrincipal user, Guid siteId, Guid? id, string name, BillingPointKind kind, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await WritableSiteAsync(db, user, siteId, ct) is { Errors: { Count: > 0 } refused })
        {
            return refused;
        }

        var trimmed = name.Trim();
        if (trimmed.Length == 0)
        {
            return [text["BillingPoint.NameRequired"]];
        }

        if (trimmed.Length > BillingPoint.NameMaxLength)
        {
            return [text["BillingPoint.NameTooLong", BillingPoint.NameMaxLength]];
        }

        if (!Enum.IsDefined(kind))
        {
            return [text["BillingPoint.KindUnknown"]];
        }

        var others = await db.BillingPoints.Where(b => b.SiteId == siteId && b.Id != id).Select(b => b.Name).ToListAsync(ct);
        if (others.Contains(trimmed, StringComparer.OrdinalIgnoreCase))
        {
            return [text["BillingPoint.NameTaken", trimmed]];
        }

        var point = id is { } existing
            ? await db.BillingPoints.SingleOrDefaultAsync(b => b.Id == existing && b.SiteId == siteId, ct)
            : db.BillingPoints.Add(new BillingPoint { Name = trimmed, SiteId = siteId }).Entity;
        if (point is null)
        {
            return [text["BillingPoint.Unknown"]];
        }

        point.Name = trimmed;
        point.Kind = kind;
        await db.SaveChangesAsync(ct);
        return [];
    }

    /// <summary>Deletes a billing point nobody ever occupied; its meters stay, without a billing point.</summary>
    public async Task<IReadOnlyList<string>> DeleteAsync(ClaimsPrincipal user, Guid siteId, Guid id, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await WritableSiteAsync(db, user, siteId, ct) is { Errors: { Count: > 0 } refused })
        {
            return refused;
        }

        if (await db.Occupancies.AnyAsync(o => o.BillingPointId == id, ct))
        {
            return [text["BillingPoint.HasHistory"]];
        }

        await db.Meters.Where(m => m.SiteId == siteId && m.BillingPointId == id).ExecuteUpdateAsync(m => m.SetProperty(x => x.BillingPointId, (Guid?)null), ct);
        var deleted = await db.BillingPoints.Where(b => b.Id == id && b.SiteId == siteId).ExecuteDeleteAsync(ct);
        return deleted == 1 ? [] : [text["BillingPoint.Unknown"]];
    }

    /// <summary>
    /// Links a resident to the billing point from <see cref="ResidentLink.MoveIn"/>: an existing resident account by
    /// its address, or a new one, invited with a one-time link. Refused when the period overlaps another occupancy.
    /// </summary>
    public async Task<LinkOutcome> LinkResidentAsync(ClaimsPrincipal user, Guid siteId, Guid billingPointId, ResidentLink link, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var (site, refused) = await WritableSiteAsync(db, user, siteId, ct);
        if (site is null)
        {
            return new(refused, null);
        }

        if (!await db.BillingPoints.AnyAsync(b => b.Id == billingPointId && b.SiteId == siteId, ct))
        {
            return new([text["BillingPoint.Unknown"]], null);
        }

        var period = new OccupancyPeriod(link.MoveIn, link.MoveOut);
        var problems = await PeriodProblemsAsync(db, site, billingPointId, period, except: null, ct);
        if (problems.Count > 0)
        {
            return new(problems, null);
        }

        var email = link.Email.Trim();
        var normalized = email.ToUpperInvariant();
        var resident = await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == normalized).Select(u => new { u.Id }).SingleOrDefaultAsync(ct);
        InvitationLink? invitation = null;
        Guid residentId;
        if (resident is not null)
        {
            var residentRole = Roles.IdOf(Roles.Resident);
            if (!await db.UserRoles.AnyAsync(r => r.UserId == resident.Id && r.RoleId == residentRole, ct))
            {
                return new([text["Occupancy.NotResident", email]], null);
            }

            residentId = resident.Id;
        }
        else
        {
            var (created, id, errors) = await accounts.InviteAsync(email, link.DisplayName, Roles.Resident);
            if (errors.Count > 0)
            {
                return new(errors, null);
            }

            invitation = created;
            residentId = id!.Value;
        }

        db.Occupancies.Add(new Occupancy
        {
            BillingPointId = billingPointId,
            ResidentId = residentId,
            MoveIn = link.MoveIn,
            MoveOut = link.MoveOut,
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
        return new([], invitation);
    }

    /// <summary>Changes an occupancy's dates, most often to record the move-out.</summary>
    public async Task<IReadOnlyList<string>> ChangeDatesAsync(ClaimsPrincipal user, Guid siteId, Guid occupancyId, DateOnly moveIn, DateOnly? moveOut, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var (site, occupancy, refused) = await WritableOccupancyAsync(db, user, siteId, occupancyId, ct);
        if (site is null || occupancy is null)
        {
            return refused;
        }

        var problems = await PeriodProblemsAsync(db, site, occupancy.BillingPointId, new OccupancyPeriod(moveIn, moveOut), except: occupancyId, ct);
        if (problems.Count > 0)
        {
            return problems;
        }

        occupancy.MoveIn = moveIn;
        occupancy.MoveOut = moveOut;
        await db.SaveChangesAsync(ct);
        return [];
    }

    /// <summary>Removes an occupancy entered by mistake.</summary>
    public async Task<IReadOnlyList<string>> RemoveAsync(ClaimsPrincipal user, Guid siteId, Guid occupancyId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var (_, occupancy, refused) = await WritableOccupancyAsync(db, user, siteId, occupancyId, ct);
        if (occupancy is null)
        {
            return refused;
        }

        db.Occupancies.Remove(occupancy);
        await db.SaveChangesAsync(ct);
        return [];
    }

    /// <summary>A new one-time link for a linked resident who has not set a password yet (the first was lost or expired).</summary>
    public async Task<LinkOutcome> InviteAgainAsync(ClaimsPrincipal user, Guid siteId, Guid occupancyId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var (_, occupancy, refused) = await WritableOccupancyAsync(db, user, siteId, occupancyId, ct);
        if (occupancy is null)
        {
            return new(refused, null);
        }

        if (await db.Users.AnyAsync(u => u.Id == occupancy.ResidentId && u.PasswordHash != null, ct))
        {
            return new([text["Occupancy.AlreadyActive"]], null);
        }

        return new([], await invitations.CreateAsync(occupancy.ResidentId, InvitationPurpose.Invitation, ct));
    }

    /// <summary>The occupancy of one of the site's billing points (tracked) when the user may change the site, else why not.</summary>
    private async Task<(Site? Site, Occupancy? Occupancy, IReadOnlyList<string> Errors)> WritableOccupancyAsync(
        PortalDbContext db, ClaimsPrincipal user, Guid siteId, Guid occupancyId, CancellationToken ct)
    {
        var (site, refused) = await WritableSiteAsync(db, user, siteId, ct);
        if (site is null)
        {
            return (null, null, refused);
        }

        var occupancy = await (from o in db.Occupancies
                               join point in db.BillingPoints on o.BillingPointId equals point.Id
                               where o.Id == occupancyId && point.SiteId == siteId
                               select o).SingleOrDefaultAsync(ct);
        return occupancy is null ? (site, null, [text["Occupancy.Unknown"]]) : (site, occupancy, []);
    }

    private async Task<IReadOnlyList<string>> PeriodProblemsAsync(PortalDbContext db, Site site, Guid billingPointId, OccupancyPeriod period, Guid? except, CancellationToken ct)
    {
        var others = await db.Occupancies.AsNoTracking().Where(o => o.BillingPointId == billingPointId && o.Id != except).ToListAsync(ct);
        return period.Problems(others.Select(OccupancyPeriod.Of), Today(site)).Select(key => text[key].Value).ToList();
    }

    /// <summary>The site when the user may change it, else why not.</summary>
    private async Task<(Site? Site, IReadOnlyList<string> Errors)> WritableSiteAsync(PortalDbContext db, ClaimsPrincipal user, Guid siteId, CancellationToken ct)
    {
        var site = await access.ManagedAsync(db, user, siteId, ct);
        if (site is null)
        {
            return (null, [text["Site.NotFound"]]);
        }

        return site.IsArchived ? (null, [text[Site.ArchivedReadOnlyText]]) : (site, []);
    }

    private DateOnly Today(Site site) => OccupancyPeriod.Today(clock.GetUtcNow(), site.TimeZone);
}
