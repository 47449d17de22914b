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
        var site = await access.ManagedAsync(db, user, siteId, ct);
        if (site is null)
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

    /// <summary>Adds a version (its <see cref="Tariff.Id"/> new); at most one version starts on a day.</summary>
    public Task<IReadOnlyList<string>> AddTariffAsync(ClaimsPrincipal user, Guid siteId, Tariff version, CancellationToken ct = default) =>
        SaveTariffAsync(user, siteId, version, adding: true, ct);

    /// <summary>Changes the version with <paramref name="version"/>'s id to its values.</summary>
    public Task<IReadOnlyList<string>> ChangeTariffAsync(ClaimsPrincipal user, Guid siteId, Tariff version, CancellationToken ct = default) =>
        SaveTariffAsync(user, siteId, version, adding: false, ct);

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
    public async Task<IReadOnlyList<string>> SaveSettingsAsync(ClaimsPrincipal user, Guid siteId, SiteBillingSettings settings, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await WritableSiteAsync(db, user, siteId, ct) is { Count: > 0 } refused)
        {
            return refused;
        }

        var problems = Problems(settings);
        if (problems.Count > 0)
        {
            return problems;
        }

        settings.SiteId = siteId;
        settings.IssuerName = Clean(settings.IssuerName);
        settings.IssuerStreet = Clean(settings.IssuerStreet);
        settings.IssuerBuildingNumber = Clean(settings.IssuerBuildingNumber);
        settings.IssuerPostalCode = Clean(settings.IssuerPostalCode);
        settings.IssuerTown = Clean(settings.IssuerTown);
        settings.IssuerCountry = Clean(settings.IssuerCountry).ToUpperInvariant();
        settings.Iban = BillingIdentifiers.CompactIban(settings.Iban);
        settings.VatNumber = string.IsNullOrWhiteSpace(settings.VatNumber) ? null : settings.VatNumber.Trim();
        settings.Currency = "CHF";
        // Only the labelled lines have a label to trim (a single tariff's one grid line has none).
        foreach (var line in SiteBillingSettings.LabelledLines)
        {
            settings.SetCustomLabel(line, settings.CustomLabel(line));
        }

        settings.UpdatedUtc = clock.GetUtcNow().UtcDateTime;
        if (await db.SiteBillingSettings.AnyAsync(s => s.SiteId == siteId, ct))
        {
            db.SiteBillingSettings.Update(settings);
        }
        else
        {
            db.SiteBillingSettings.Add(settings);
        }

        await db.SaveChangesAsync(ct);
        return [];
    }

    /// <summary>Records a DSO invoice; its actual cost becomes the grid price of the days it covers (ZEV-10).</summary>
    public async Task<IReadOnlyList<string>> AddUtilityInvoiceAsync(ClaimsPrincipal user, Guid siteId, UtilityInvoice invoice, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await WritableSiteAsync(db, user, siteId, ct) is { Count: > 0 } refused)
        {
            return refused;
        }

        var problems = Problems(invoice);
        if (problems.Count > 0)
        {
            return problems;
        }

        invoice.Id = Guid.NewGuid();
        invoice.SiteId = siteId;
        db.UtilityInvoices.Add(invoice);
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

    private async Task<IReadOnlyList<string>> SaveTariffAsync(ClaimsPrincipal user, Guid siteId, Tariff version, bool adding, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await WritableSiteAsync(db, user, siteId, ct) is { Count: > 0 } refused)
        {
            return refused;
        }

        var problems = Problems(version);
        if (problems.Count > 0)
        {
            return problems;
        }

        if (await db.Tariffs.AnyAsync(t => t.SiteId == siteId && t.ValidFrom == version.ValidFrom && t.Id != version.Id, ct))
        {
            return [text["Tariffs.ValidFromTaken", version.ValidFrom.ToString("d", System.Globalization.CultureInfo.CurrentCulture)]];
        }

        // Issued invoices will freeze the versions they used (the billing run adds that check here).
        var stored = await db.Tariffs.AsNoTracking().Where(t => t.Id == version.Id).Select(t => (Guid?)t.SiteId).SingleOrDefaultAsync(ct);
        if (adding ? stored is not null : stored != siteId)
        {
            return [text["Tariffs.Unknown"]];
        }

        version.SiteId = siteId;
        if (adding)
        {
            db.Tariffs.Add(version);
        }
        else
        {
            db.Tariffs.Update(version);
        }

        await db.SaveChangesAsync(ct);
        return [];
    }

    private List<string> Problems(Tariff version)
    {
        string?[] problems =
        [
            TariffLimits.SolarPrice.Check(version.SolarPricePerKwh, text),
            TariffLimits.GridPriceHt.Check(version.GridPriceHtPerKwh, text),
            TariffLimits.GridPriceNt.Check(version.GridPriceNtPerKwh, text),
            TariffLimits.MeteringFee.Check(version.MeteringFeePerMonth, text),
            TariffLimits.BillingFee.Check(version.BillingFeePerMonth, text),
            TariffLimits.VatRate.Check(version.VatRatePercent, text),
            TariffLimits.ReferenceHt.Check(version.ReferenceHtPerKwh, text),
            TariffLimits.ReferenceNt.Check(version.ReferenceNtPerKwh, text),
            TariffLimits.ReferenceFees.Check(version.ReferenceFeesPerMonth, text),
            TariffLimits.ReferenceKwhPerYear.Check(version.ReferenceKwhPerYear, text),
            TariffLimits.ReferenceHtShare.Check(version.ReferenceHtSharePercent, text),
            Enum.IsDefined(version.CapMethod) ? null : text["Tariffs.CapUnknown"].Value,
            version.Calendar.IsValid ? null : text["Tariffs.WindowInvalid"].Value,
            version.Calendar.Format().Length <= TariffLimits.CalendarLength ? null : text["Tariffs.CalendarTooLong"].Value,
            version.ValidFrom.Year is >= 2000 and <= 2200 ? null : text["Tariffs.ValidFromInvalid"].Value,
        ];
        return problems.OfType<string>().ToList();
    }

    private List<string> Problems(SiteBillingSettings settings)
    {
        var iban = BillingIdentifiers.CompactIban(settings.Iban);
        string?[] problems =
        [
            string.IsNullOrWhiteSpace(settings.IssuerName) ? text["Tariffs.IssuerRequired"].Value : null,
            TariffLimits.IssuerName.Check(settings.IssuerName, text),
            TariffLimits.IssuerStreet.Check(settings.IssuerStreet, text),
            TariffLimits.IssuerBuildingNumber.Check(settings.IssuerBuildingNumber, text),
            TariffLimits.IssuerPostalCode.Check(settings.IssuerPostalCode, text),
            TariffLimits.IssuerTown.Check(settings.IssuerTown, text),
            string.IsNullOrWhiteSpace(settings.IssuerPostalCode) || string.IsNullOrWhiteSpace(settings.IssuerTown) ? text["Tariffs.TownRequired"].Value : null,
            System.Text.RegularExpressions.Regex.IsMatch(Clean(settings.IssuerCountry), "^[A-Za-z]{2}$") ? null : text["Tariffs.CountryInvalid"].Value,
            BillingIdentifiers.IsValidIban(iban) ? null : text["Tariffs.IbanInvalid"].Value,
            settings.VatRegistered && string.IsNullOrWhiteSpace(settings.VatNumber) ? text["Tariffs.VatNumberRequired"].Value : null,
            !string.IsNullOrWhiteSpace(settings.VatNumber) && !BillingIdentifiers.IsValidVatNumber(settings.VatNumber) ? text["Tariffs.VatNumberInvalid"].Value : null,
            TariffLimits.PaymentTermDays.Check(settings.PaymentTermDays, text),
            .. Enum.GetValues<InvoiceLineKind>().Select(l => TariffLimits.Label.Check(settings.CustomLabel(l), text)),
        ];
        return problems.OfType<string>().Distinct().ToList();
    }

    private List<string> Problems(UtilityInvoice invoice)
    {
        string?[] problems =
        [
            invoice.LastDay >= invoice.FirstDay && invoice.FirstDay.Year >= 2000 && invoice.LastDay.DayNumber - invoice.FirstDay.DayNumber <= 400 ? null : text["Tariffs.PeriodInvalid"].Value,
            TariffLimits.UtilityKwhHt.Check(invoice.KwhHt, text),
            TariffLimits.UtilityKwhNt.Check(invoice.KwhNt, text),
            invoice.KwhHt + invoice.KwhNt > 0 ? null : text["Tariffs.UtilityNoKwh"].Value,
            TariffLimits.UtilityAmountHt.Check(invoice.AmountHt, text),
            TariffLimits.UtilityAmountNt.Check(invoice.AmountNt, text),
            TariffLimits.UtilityPowerCharge.Check(invoice.PowerCharge, text),
            TariffLimits.UtilityFees.Check(invoice.Fees, text),
        ];
        return problems.OfType<string>().ToList();
    }

    /// <summary>A text as stored: trimmed, and empty rather than null (a cleared field may send null).</summary>
    private static string Clean(string? value) => (value ?? "").Trim();

    /// <summary>No errors when the user may change the site, else why not.</summary>
    private async Task<IReadOnlyList<string>> WritableSiteAsync(PortalDbContext db, ClaimsPrincipal user, Guid siteId, CancellationToken ct)
    {
        var site = await access.ManagedAsync(db, user, siteId, ct);
        if (site is null)
        {
            return [text["Site.NotFound"]];
        }

        return site.IsArchived ? [text[Site.ArchivedReadOnlyText]] : [];
    }
}
