using Portal.Billing;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Accounts;
using Portal.Commissioning;
using Portal.Data;
using Portal.Localization;

namespace Portal.Sites;

/// <summary>A postal address as typed in a form; <see cref="ResidentAddresses.Check"/> turns it into a <see cref="StructuredAddress"/>.</summary>
public sealed record PostalAddressForm(string? Name, string? Street, string? BuildingNumber, string? PostalCode, string? Town, string? Country);

/// <summary>
/// Residents' postal addresses, which invoices are addressed to: the owner (or an administrator) of a site enters
/// those of the residents linked to its billing points; billing reads them (<see cref="ResidentAddressOfAsync"/>).
/// </summary>
public sealed class ResidentAddresses(
    IDbContextFactory<PortalDbContext> contexts,
    SiteAccess access,
    IStringLocalizer<SharedResource> text)
{
    /// <summary>
    /// The resident's address, or null when they have none (which blocks issuing them an invoice), or when the
    /// user may not manage the site or the resident never lived at one of its billing points.
    /// </summary>
    public async Task<StructuredAddress?> ResidentAddressOfAsync(ClaimsPrincipal user, Guid siteId, Guid residentId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await access.ManagedAsync(db, user, siteId, ct) is null || !await LivesOnSiteAsync(db, siteId, residentId, ct))
        {
            return null;
        }

        return await db.Users.AsNoTracking().Where(u => u.Id == residentId).Select(u => u.PostalAddress).SingleOrDefaultAsync(ct);
    }

    /// <summary>Sets (or, with every field empty, removes) the address of a resident linked to one of the site's billing points.</summary>
    public async Task<IReadOnlyList<string>> SaveAsync(ClaimsPrincipal user, Guid siteId, Guid residentId, PostalAddressForm form, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var site = await access.ManagedAsync(db, user, siteId, ct);
        if (site is null)
        {
            return [text["Site.NotFound"]];
        }

        if (site.IsArchived)
        {
            return [text[Site.ArchivedReadOnlyText]];
        }

        if (!await LivesOnSiteAsync(db, siteId, residentId, ct))
        {
            return [text["Address.UnknownResident"]];
        }

        var (address, errors) = Check(form, text);
        if (errors.Count > 0)
        {
            return errors;
        }

        var resident = await db.Users.SingleAsync(u => u.Id == residentId, ct);
        resident.PostalAddress = address;
        await db.SaveChangesAsync(ct);
        return [];
    }

    /// <summary>A resident's own postal address (null: none yet, or the user is not a resident).</summary>
    public async Task<StructuredAddress?> OwnAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!user.IsInRole(Roles.Resident))
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var id = user.PortalUserId();
        return await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.PostalAddress).SingleOrDefaultAsync(ct);
    }

    /// <summary>
    /// A resident sets (or, with every field empty, removes) their own postal address: the next invoices go there;
    /// issued ones keep the address they were issued to.
    /// </summary>
    public async Task<IReadOnlyList<string>> SaveOwnAsync(ClaimsPrincipal user, PostalAddressForm form, CancellationToken ct = default)
    {
        if (!user.IsInRole(Roles.Resident))
        {
            return [text["Address.NotResident"]];
        }

        var (address, errors) = Check(form, text);
        if (errors.Count > 0)
        {
            return errors;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var id = user.PortalUserId();
        var resident = await db.Users.SingleAsync(u => u.Id == id, ct);
        resident.PostalAddress = address;
        await db.SaveChangesAsync(ct);
        return [];
    }

    /// <summary>
    /// The address when every required part is there and every part fits its limit (null with no errors when the
    /// form is empty: no address), else every problem.
    /// </summary>
    public static (StructuredAddress? Address, IReadOnlyList<string> Errors) Check(PostalAddressForm form, IStringLocalizer text)
    {
        static string Trim(string? value) => value?.Trim() ?? "";

        var (name, street, number, code, town, country) =
            (Trim(form.Name), Trim(form.Street), Trim(form.BuildingNumber), Trim(form.PostalCode), Trim(form.Town), Trim(form.Country).ToUpperInvariant());
        if (new[] { name, street, number, code, town, country }.All(v => v.Length == 0))
        {
            return (null, []);
        }

        var errors = new List<string?>
        {
            FieldLimits.PostalName.Check(name, text),
            FieldLimits.Street.Check(street, text),
            FieldLimits.BuildingNumber.Check(number, text),
            FieldLimits.PostalCode.Check(code, text),
            FieldLimits.Town.Check(town, text),
        };
        errors.AddRange(new[] { ("Address.Name", name), ("Address.Street", street), ("Address.PostalCode", code), ("Address.Town", town) }
            .Where(f => f.Item2.Length == 0).Select(f => text["Address.Required", text[f.Item1]].Value));
        if (country.Length != 2 || !country.All(char.IsAsciiLetterUpper))
        {
            errors.Add(text["Address.CountryCode"]);
        }

        var problems = errors.OfType<string>().ToList();
        return problems.Count > 0
            ? (null, problems)
            : (new StructuredAddress(name, street, number.Length > 0 ? number : null, code, town, country), []);
    }

    /// <summary>Linked, now or ever, to one of the site's billing points: the owner bills them.</summary>
    private static Task<bool> LivesOnSiteAsync(PortalDbContext db, Guid siteId, Guid residentId, CancellationToken ct) =>
        (from o in db.Occupancies
         join point in db.BillingPoints on o.BillingPointId equals point.Id
         where o.ResidentId == residentId && point.SiteId == siteId
         select o).AnyAsync(ct);
}
