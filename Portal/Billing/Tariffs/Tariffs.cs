using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.Localization;
using Portal.Sites;

namespace Portal.Billing.Tariffs;

/// <summary>
/// A site's tariff versions, billing settings and DSO invoices, for its owner (or an administrator). Every method a
/// page calls checks the user may manage the site (<see cref="SiteAccess.MayManage"/>) and refuses archived sites
/// before it changes anything; every field is checked against <see cref="TariffLimits"/> here, whatever the page did.
/// <see cref="ForBillingAsync"/> is the billing run's internal read and checks no user.
/// </summary>
public sealed class Tariffs(
    IDbContextFactory<PortalDbContext> contexts,
    SiteAccess access,
    TimeProvider clock,
    IStringLocalizer<SharedResource> text)
{
    /// <summary>The site's versions (newest first, each with its cap check), settings and DSO invoices; null when the user may not manage the site.</summary>
    public async Task<SiteTariffsView?> ForAsync(ClaimsPrincipal user, Guid siteId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var site = await db.Sites.AsNoTracking().SingleOrDefaultAsync(s => s.Id == siteId, ct);
        if (site is null || !access.MayManage(user, site))
        {
            return null;
        }

        var settings = await db.SiteBillingSettings.AsNoTracking().SingleOrDefaultAsync(s => s.SiteId == siteId, ct);
        var versions = (await db.Tariffs.AsNoTracking().Where(t => t.SiteId == siteId).ToListAsync(ct)).OrderBy(t => t.ValidFrom).ToList();
        var views = versions.Select((t, i) => new TariffVersionView(
            t,
            i + 1 < versions.Count ? versions[i + 1].ValidFrom.AddDays(-1) : null,
            SolarPriceCheck.Check(t, settings?.VatRegistered ?? false))).Reverse().ToList();
        var invoices = (await db.UtilityInvoices.AsNoTracking().Where(u => u.SiteId == siteId).ToListAsync(ct))
            .OrderByDescending(u => u.FirstDay).Select(u => new UtilityInvoiceView(u, ActualGridCost.Of(u))).ToList();
        return new SiteTariffsView(site.Id, site.Name, site.IsArchived, site.TimeZone, OccupancyPeriod.Today(clock.GetUtcNow(), site.TimeZone), views, settings, invoices);
    }

    /// <summary>Adds a version (<see cref="TariffForm.Id"/> null) or changes one; at most one version starts on a day.</summary>
    public async Task<IReadOnlyList<string>> SaveTariffAsync(ClaimsPrincipal user, Guid siteId, TariffForm form, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await WritableSiteAsync(db, user, siteId, ct) is { Count: > 0 } refused)
        {
            return refused;
        }

        var problems = Problems(form);
        if (problems.Count > 0)
        {
            return problems;
        }

        if (await db.Tariffs.AnyAsync(t => t.SiteId == siteId && t.ValidFrom == form.ValidFrom && t.Id != form.Id, ct))
        {
            return [text["Tariffs.ValidFromTaken", form.ValidFrom.ToString("d", System.Globalization.CultureInfo.CurrentCulture)]];
        }

        // Issued invoices will freeze the versions they used (the billing run adds that check here).
        var tariff = form.Id is { } id
            ? await db.Tariffs.SingleOrDefaultAsync(t => t.Id == id && t.SiteId == siteId, ct)
            : db.Tariffs.Add(new Tariff { SiteId = siteId }).Entity;
        if (tariff is null)
        {
            return [text["Tariffs.Unknown"]];
        }

        form.CopyTo(tariff);
        await db.SaveChangesAsync(ct);
        return [];
    }

    public async Task<IReadOnlyList<string>> DeleteTariffAsync(ClaimsPrincipal user, Guid siteId, Guid tariffId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await WritableSiteAsync(db, user, siteId, ct) is { Count: > 0 } refused)
        {
            return refused;
        }

        var deleted = await db.Tariffs.Where(t => t.Id == tariffId && t.SiteId == siteId).ExecuteDeleteAsync(ct);
        return deleted == 1 ? [] : [text["Tariffs.Unknown"]];
    }

    /// <summary>Saves the site's issuer, IBAN (stored compact), VAT registration, payment term and line labels.</summary>
    public async Task<IReadOnlyList<string>> SaveSettingsAsync(ClaimsPrincipal user, Guid siteId, BillingSettingsForm form, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await WritableSiteAsync(db, user, siteId, ct) is { Count: > 0 } refused)
        {
            return refused;
        }

        var problems = Problems(form);
        if (problems.Count > 0)
        {
            return problems;
        }

        var settings = await db.SiteBillingSettings.SingleOrDefaultAsync(s => s.SiteId == siteId, ct)
            ?? db.SiteBillingSettings.Add(new SiteBillingSettings { SiteId = siteId }).Entity;
        settings.IssuerName = form.IssuerName.Trim();
        settings.IssuerStreet = form.IssuerStreet.Trim();
        settings.IssuerBuildingNumber = form.IssuerBuildingNumber.Trim();
        settings.IssuerPostalCode = form.IssuerPostalCode.Trim();
        settings.IssuerTown = form.IssuerTown.Trim();
        settings.IssuerCountry = form.IssuerCountry.Trim().ToUpperInvariant();
        settings.Iban = BillingIdentifiers.CompactIban(form.Iban);
        settings.VatRegistered = form.VatRegistered;
        settings.VatNumber = string.IsNullOrWhiteSpace(form.VatNumber) ? null : form.VatNumber.Trim();
        settings.PaymentTermDays = form.PaymentTermDays;
        foreach (var line in Enum.GetValues<InvoiceLineKind>())
        {
            settings.SetCustomLabel(line, form.Labels.GetValueOrDefault(line));
        }

        settings.UpdatedUtc = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return [];
    }

    /// <summary>Records a DSO invoice; its actual cost becomes the grid price of the days it covers (ZEV-10).</summary>
    public async Task<IReadOnlyList<string>> AddUtilityInvoiceAsync(ClaimsPrincipal user, Guid siteId, UtilityInvoiceForm form, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await WritableSiteAsync(db, user, siteId, ct) is { Count: > 0 } refused)
        {
            return refused;
        }

        var problems = Problems(form);
        if (problems.Count > 0)
        {
            return problems;
        }

        db.UtilityInvoices.Add(new UtilityInvoice
        {
            SiteId = siteId,
            FirstDay = form.FirstDay,
            LastDay = form.LastDay,
            KwhHt = form.KwhHt,
            KwhNt = form.KwhNt,
            AmountHt = form.AmountHt,
            AmountNt = form.AmountNt,
            PowerCharge = form.PowerCharge,
            Fees = form.Fees,
        });
        await db.SaveChangesAsync(ct);
        return [];
    }

    public async Task<IReadOnlyList<string>> DeleteUtilityInvoiceAsync(ClaimsPrincipal user, Guid siteId, Guid invoiceId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await WritableSiteAsync(db, user, siteId, ct) is { Count: > 0 } refused)
        {
            return refused;
        }

        var deleted = await db.UtilityInvoices.Where(u => u.Id == invoiceId && u.SiteId == siteId).ExecuteDeleteAsync(ct);
        return deleted == 1 ? [] : [text["Tariffs.Unknown"]];
    }

    /// <summary>
    /// For the billing run only (internal: it checks no user, so never call it with a site id from a request before
    /// the caller has checked <see cref="SiteAccess.MayManage"/> itself): the tariff timeline of the period, the
    /// settings and the DSO invoices overlapping it; null for an unknown site.
    /// </summary>
    public async Task<TariffBook?> ForBillingAsync(Guid siteId, DateOnly firstDay, DateOnly lastDayInclusive, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (!await db.Sites.AnyAsync(s => s.Id == siteId, ct))
        {
            return null;
        }

        var versions = await db.Tariffs.AsNoTracking().Where(t => t.SiteId == siteId).ToListAsync(ct);
        var settings = await db.SiteBillingSettings.AsNoTracking().SingleOrDefaultAsync(s => s.SiteId == siteId, ct);
        var invoices = (await db.UtilityInvoices.AsNoTracking().Where(u => u.SiteId == siteId).ToListAsync(ct))
            .Where(u => u.FirstDay <= lastDayInclusive && u.LastDay >= firstDay).OrderBy(u => u.FirstDay).ToList();
        return new TariffBook(TariffTimeline.Of(versions, firstDay, lastDayInclusive), settings, invoices);
    }

    private List<string> Problems(TariffForm form)
    {
        string?[] problems =
        [
            TariffLimits.SolarPrice.Check(form.SolarPricePerKwh, text),
            TariffLimits.GridPriceHt.Check(form.GridPriceHtPerKwh, text),
            TariffLimits.GridPriceNt.Check(form.GridPriceNtPerKwh, text),
            TariffLimits.MeteringFee.Check(form.MeteringFeePerMonth, text),
            TariffLimits.BillingFee.Check(form.BillingFeePerMonth, text),
            TariffLimits.VatRate.Check(form.VatRatePercent, text),
            TariffLimits.ReferenceHt.Check(form.ReferenceHtPerKwh, text),
            TariffLimits.ReferenceNt.Check(form.ReferenceNtPerKwh, text),
            TariffLimits.ReferenceFees.Check(form.ReferenceFeesPerMonth, text),
            TariffLimits.ReferenceKwhPerYear.Check(form.ReferenceKwhPerYear, text),
            TariffLimits.ReferenceHtShare.Check(form.ReferenceHtSharePercent, text),
            Enum.IsDefined(form.CapMethod) ? null : text["Tariffs.CapUnknown"].Value,
            form.Calendar.IsValid ? null : text["Tariffs.WindowInvalid"].Value,
            form.Calendar.Format().Length <= TariffLimits.CalendarLength ? null : text["Tariffs.CalendarTooLong"].Value,
            form.ValidFrom.Year is >= 2000 and <= 2200 ? null : text["Tariffs.ValidFromInvalid"].Value,
        ];
        return problems.OfType<string>().ToList();
    }

    private List<string> Problems(BillingSettingsForm form)
    {
        var iban = BillingIdentifiers.CompactIban(form.Iban);
        string?[] problems =
        [
            string.IsNullOrWhiteSpace(form.IssuerName) ? text["Tariffs.IssuerRequired"].Value : null,
            TariffLimits.IssuerName.Check(form.IssuerName, text),
            TariffLimits.IssuerStreet.Check(form.IssuerStreet, text),
            TariffLimits.IssuerBuildingNumber.Check(form.IssuerBuildingNumber, text),
            TariffLimits.IssuerPostalCode.Check(form.IssuerPostalCode, text),
            TariffLimits.IssuerTown.Check(form.IssuerTown, text),
            string.IsNullOrWhiteSpace(form.IssuerPostalCode) || string.IsNullOrWhiteSpace(form.IssuerTown) ? text["Tariffs.TownRequired"].Value : null,
            System.Text.RegularExpressions.Regex.IsMatch(form.IssuerCountry.Trim(), "^[A-Za-z]{2}$") ? null : text["Tariffs.CountryInvalid"].Value,
            BillingIdentifiers.IsValidIban(iban) ? null : text["Tariffs.IbanInvalid"].Value,
            form.VatRegistered && string.IsNullOrWhiteSpace(form.VatNumber) ? text["Tariffs.VatNumberRequired"].Value : null,
            !string.IsNullOrWhiteSpace(form.VatNumber) && !BillingIdentifiers.IsValidVatNumber(form.VatNumber) ? text["Tariffs.VatNumberInvalid"].Value : null,
            TariffLimits.PaymentTermDays.Check(form.PaymentTermDays, text),
            .. form.Labels.Values.Select(l => TariffLimits.Label.Check(l, text)),
            form.Labels.Keys.All(Enum.IsDefined) ? null : text["Tariffs.Unknown"].Value,
        ];
        return problems.OfType<string>().Distinct().ToList();
    }

    private List<string> Problems(UtilityInvoiceForm form)
    {
        string?[] problems =
        [
            form.LastDay >= form.FirstDay && form.FirstDay.Year >= 2000 && form.LastDay.DayNumber - form.FirstDay.DayNumber <= 400 ? null : text["Tariffs.PeriodInvalid"].Value,
            TariffLimits.UtilityKwhHt.Check(form.KwhHt, text),
            TariffLimits.UtilityKwhNt.Check(form.KwhNt, text),
            form.KwhHt + form.KwhNt > 0 ? null : text["Tariffs.UtilityNoKwh"].Value,
            TariffLimits.UtilityAmountHt.Check(form.AmountHt, text),
            TariffLimits.UtilityAmountNt.Check(form.AmountNt, text),
            TariffLimits.UtilityPowerCharge.Check(form.PowerCharge, text),
            TariffLimits.UtilityFees.Check(form.Fees, text),
        ];
        return problems.OfType<string>().ToList();
    }

    /// <summary>No errors when the user may change the site, else why not.</summary>
    private async Task<IReadOnlyList<string>> WritableSiteAsync(PortalDbContext db, ClaimsPrincipal user, Guid siteId, CancellationToken ct)
    {
        var site = await db.Sites.AsNoTracking().SingleOrDefaultAsync(s => s.Id == siteId, ct);
        if (site is null || !access.MayManage(user, site))
        {
            return [text["Site.NotFound"]];
        }

        return site.IsArchived ? [text[Site.ArchivedReadOnlyText]] : [];
    }
}
