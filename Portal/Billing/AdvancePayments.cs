using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.Localization;
using Portal.Sites;

namespace Portal.Billing;

/// <summary>An advance payment as the owner's list shows it; <see cref="Deducted"/> ones are on an issued invoice and stay.</summary>
public sealed record AdvancePaymentRow(Guid Id, Guid BillingPointId, string BillingPointName, Guid ResidentId, string ResidentName, DateOnly PaidOn, decimal Amount, bool Deducted);

/// <summary>Who may have paid an advance for a billing point: a resident who lives or lived there.</summary>
public sealed record AdvancePayer(Guid BillingPointId, string BillingPointName, Guid ResidentId, string ResidentName);

/// <summary>A site's advance payments with who may pay one, the site's today (no advance is paid in the future), and whether it is read-only.</summary>
public sealed record SiteAdvancePayments(IReadOnlyList<AdvancePaymentRow> Payments, IReadOnlyList<AdvancePayer> Payers, DateOnly Today, bool Archived);

/// <summary>
/// The advance payments (Akonto, INV-06) residents made per billing point, as the owner records them: the next
/// billing run deducts each once (<see cref="BillingRuns"/>), after which it cannot be deleted. Limits are checked
/// here, whatever the page sent: an amount of 0.01 to 100,000 with at most two decimals, a day not in the future,
/// a resident of the billing point. Only the site's owner or an administrator sees and changes them.
/// </summary>
public sealed class AdvancePayments(
    IDbContextFactory<PortalDbContext> contexts,
    SiteAccess access,
    TimeProvider clock,
    IStringLocalizer<SharedResource> text)
{
    public const decimal MinAmount = 0.01m;

    public const decimal MaxAmount = 100_000m;

    /// <summary>Null when the user may not manage the site.</summary>
    public async Task<SiteAdvancePayments?> OfSiteAsync(ClaimsPrincipal user, Guid siteId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var site = await access.ManagedAsync(db, user, siteId, ct);
        if (site is null)
        {
            return null;
        }

        var payers = await PayersAsync(db, siteId, ct);
        var names = payers.ToDictionary(p => (p.BillingPointId, p.ResidentId));
        var points = await db.BillingPoints.AsNoTracking().Where(b => b.SiteId == siteId).ToDictionaryAsync(b => b.Id, b => b.Name, ct);
        var payments = await db.AdvancePayments.AsNoTracking().Where(a => a.SiteId == siteId).ToListAsync(ct);
        var people = await PeopleAsync(db, payments.Select(p => p.ResidentId), ct);
        var rows = payments
            .Select(a => new AdvancePaymentRow(a.Id, a.BillingPointId, points.GetValueOrDefault(a.BillingPointId) ?? "", a.ResidentId,
                names.TryGetValue((a.BillingPointId, a.ResidentId), out var payer) ? payer.ResidentName : people.GetValueOrDefault(a.ResidentId) ?? "",
                a.PaidOn, a.Amount, a.DeductedById is not null))
            .OrderBy(r => r.BillingPointName, StringComparer.CurrentCulture).ThenByDescending(r => r.PaidOn).ToList();
        return new SiteAdvancePayments(rows, payers, OccupancyPeriod.Today(clock.GetUtcNow(), site.TimeZone), site.IsArchived);
    }

    /// <summary>Records an advance; the messages that refused it, empty when stored.</summary>
    public async Task<IReadOnlyList<string>> AddAsync(ClaimsPrincipal user, Guid siteId, Guid billingPointId, Guid residentId, DateOnly paidOn, decimal amount, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var (site, refused) = await ChangeableSiteAsync(db, user, siteId, ct);
        if (site is null)
        {
            return [refused!];
        }

        var errors = new List<string>();
        if (!(await PayersAsync(db, siteId, ct)).Any(p => p.BillingPointId == billingPointId && p.ResidentId == residentId))
        {
            errors.Add(text["Ledger.Advance.NotResident"]);
        }

        if (amount < MinAmount || amount > MaxAmount || decimal.Round(amount, 2) != amount)
        {
            errors.Add(text["Ledger.Advance.Amount", MinAmount, MaxAmount]);
        }

        if (paidOn > OccupancyPeriod.Today(clock.GetUtcNow(), site.TimeZone))
        {
            errors.Add(text["Ledger.Advance.Future"]);
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        db.AdvancePayments.Add(new AdvancePayment
        {
            SiteId = siteId, BillingPointId = billingPointId, ResidentId = residentId, PaidOn = paidOn, Amount = amount, CreatedUtc = clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
        return [];
    }

    /// <summary>Deletes an advance entered by mistake; one an issued invoice deducted stays (correct that invoice with a credit note).</summary>
    public async Task<IReadOnlyList<string>> DeleteAsync(ClaimsPrincipal user, Guid siteId, Guid advanceId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var (site, refused) = await ChangeableSiteAsync(db, user, siteId, ct);
        if (site is null)
        {
            return [refused!];
        }

        var advance = await db.AdvancePayments.SingleOrDefaultAsync(a => a.Id == advanceId && a.SiteId == siteId, ct);
        if (advance is null)
        {
            return [text["Ledger.Advance.Unknown"]];
        }

        // The condition again in the statement: a run issued meanwhile may just have deducted it.
        var deleted = await db.AdvancePayments.Where(a => a.Id == advanceId && a.DeductedById == null).ExecuteDeleteAsync(ct);
        return deleted == 1 ? [] : [text["Ledger.Advance.Deducted"]];
    }

    /// <summary>The site when the user may change its advances; else null and why (unknown or not theirs, or archived).</summary>
    private async Task<(Site? Site, string? Refused)> ChangeableSiteAsync(PortalDbContext db, ClaimsPrincipal user, Guid siteId, CancellationToken ct)
    {
        var site = await access.ManagedAsync(db, user, siteId, ct);
        return site is null ? (null, text["Billing.SiteUnknown"])
            : site.IsArchived ? (null, text[Site.ArchivedReadOnlyText])
            : (site, null);
    }

    private static async Task<List<AdvancePayer>> PayersAsync(PortalDbContext db, Guid siteId, CancellationToken ct)
    {
        var stays = await (from o in db.Occupancies.AsNoTracking()
                           join b in db.BillingPoints.AsNoTracking() on o.BillingPointId equals b.Id
                           where b.SiteId == siteId
                           select new { b.Id, b.Name, o.ResidentId }).Distinct().ToListAsync(ct);
        var people = await PeopleAsync(db, stays.Select(s => s.ResidentId), ct);
        return [.. stays.Select(s => new AdvancePayer(s.Id, s.Name, s.ResidentId, people.GetValueOrDefault(s.ResidentId) ?? ""))
            .OrderBy(p => p.BillingPointName, StringComparer.CurrentCulture).ThenBy(p => p.ResidentName, StringComparer.CurrentCulture)];
    }

    private static async Task<Dictionary<Guid, string>> PeopleAsync(PortalDbContext db, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        return await db.Users.AsNoTracking().Where(u => wanted.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
    }
}
