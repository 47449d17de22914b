using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Accounts;
using Portal.Billing;
using Portal.Billing.Tariffs;
using Portal.Commissioning;
using Portal.Data;
using Portal.Sites;

namespace Portal.Tests.Support;

/// <summary>
/// A site of a running portal with issued invoices, made the way an owner makes them: meters with a day of
/// quarter-hours through the real ingestion, a tariff and billing settings (a QR-IBAN, so invoices get QRR
/// references), two residents with postal addresses, then a billing run created, approved and issued.
/// </summary>
public sealed class IssuedInvoiceSite
{
    /// <summary>The day billed (a Monday), over long before the tests' clock.</summary>
    public static readonly DateOnly Day = new(2026, 11, 2);

    public const string QrIban = "CH4431999123000889012";

    private IssuedInvoiceSite(EnergySite site, string ownerEmail, Guid runId, IReadOnlyDictionary<string, string> residents)
    {
        Energy = site;
        OwnerEmail = ownerEmail;
        RunId = runId;
        Residents = residents;
    }

    public EnergySite Energy { get; }

    public Guid SiteId => Energy.SiteId;

    public string OwnerEmail { get; }

    public Guid RunId { get; }

    /// <summary>Resident e-mail by billing point name.</summary>
    public IReadOnlyDictionary<string, string> Residents { get; }

    public static async Task<IssuedInvoiceSite> CreateAsync(PortalServer server, string? ownerEmail = null)
    {
        var services = server.App.Services;
        ownerEmail ??= await server.CreateAccountAsync(Roles.Owner);
        var owner = await server.PrincipalAsync(ownerEmail);
        var site = await EnergySite.CreateAsync(services, SiteType.StandardRcp, await server.IdOfAsync(ownerEmail),
            new EnergyMeter("grid", MeterRole.GridIntroduction),
            new EnergyMeter("pv", MeterRole.PvProduction),
            new EnergyMeter("a1", MeterRole.Consumer, "Apartment 1"),
            new EnergyMeter("a2", MeterRole.Consumer, "Apartment 2"));

        var residents = new Dictionary<string, string>();
        await using (var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            var number = 1;
            foreach (var point in new[] { "Apartment 1", "Apartment 2" })
            {
                var email = await server.CreateAccountAsync(Roles.Resident, $"resident{number}-{Guid.NewGuid():N}@test.example");
                var user = await db.Users.SingleAsync(u => u.Email == email);
                user.PostalAddress = new StructuredAddress(user.DisplayName, "Sonnenweg", number.ToString(System.Globalization.CultureInfo.InvariantCulture), "8001", "Zürich", "CH");
                // The second resident chose French: their invoice and its e-mail are written in French, the first's in the owner's language.
                user.Culture = number == 2 ? "fr-CH" : null;
                db.Occupancies.Add(new Occupancy { BillingPointId = site.BillingPoints[point], ResidentId = user.Id, MoveIn = new DateOnly(2026, 1, 1), CreatedUtc = DateTime.UtcNow });
                residents[point] = email;
                number++;
            }

            // Stored directly: Tariffs.SaveSettingsAsync throws on main for InvoiceLineKind.Grid (no custom label), see the report.
            db.SiteBillingSettings.Add(new SiteBillingSettings
            {
                SiteId = site.SiteId, IssuerName = "ZEV Sonnenhof", IssuerStreet = "Bahnhofstrasse", IssuerBuildingNumber = "12", IssuerPostalCode = "8001", IssuerTown = "Zürich",
                IssuerCountry = "CH", Iban = QrIban, UpdatedUtc = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        using (var scope = services.CreateScope())
        {
            var tariffs = scope.ServiceProvider.GetRequiredService<Portal.Billing.Tariffs.Tariffs>();
            Assert.Empty(await tariffs.AddTariffAsync(owner, site.SiteId, new Tariff
            {
                ValidFrom = new DateOnly(2026, 1, 1), SolarPricePerKwh = 0.15m, GridPriceHtPerKwh = 0.30m, GridPriceNtPerKwh = 0.20m, MeteringFeePerMonth = 3m, BillingFeePerMonth = 0.75m,
                Calendar = TariffCalendarPresets.Winterthur(), ReferenceHtPerKwh = 0.32m, ReferenceNtPerKwh = 0.24m, ReferenceFeesPerMonth = 7.5m,
            }));
        }

        // Every quarter-hour of the day (Zurich: UTC+1 in November): the apartments use 100 and 60 Wh, the plant makes 80.
        var start = new DateTime(2026, 11, 1, 23, 0, 0, DateTimeKind.Utc);
        var intervals = Enumerable.Range(0, 96).SelectMany(q =>
        {
            var at = start.AddMinutes(15 * q);
            return new[] { ("a1", at, 100L, 0L), ("a2", at, 60L, 0L), ("pv", at, 0L, 80L), ("grid", at, 80L, 0L) };
        }).ToArray();
        await site.DeliverAsync(intervals);
        while (await site.BalanceAsync() > 0)
        {
        }

        using (var scope = services.CreateScope())
        {
            var runs = scope.ServiceProvider.GetRequiredService<BillingRuns>();
            var created = await runs.CreateAsync(owner, site.SiteId, BillingPeriod.Custom(Day, Day));
            Assert.True(created.Succeeded, string.Join(" ", created.Errors));
            var approved = await runs.ApproveAsync(owner, created.RunId!.Value);
            Assert.True(approved.Succeeded, string.Join(" ", approved.Errors));
            var issued = await runs.IssueAsync(owner, created.RunId!.Value);
            Assert.True(issued.Succeeded, string.Join(" ", issued.Errors));
            return new IssuedInvoiceSite(site, ownerEmail, created.RunId!.Value, residents);
        }
    }

    /// <summary>The issued invoices (not credit notes) of the site as stored now, by billing point.</summary>
    public async Task<Dictionary<string, Invoice>> InvoicesAsync(PortalServer server)
    {
        await using var db = await server.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.Invoices.AsNoTracking().Where(i => i.SiteId == SiteId && i.Kind == InvoiceKind.Invoice && i.IssuedUtc != null)
            .ToDictionaryAsync(i => i.BillingPointName);
    }

    public Task<ClaimsPrincipal> OwnerAsync(PortalServer server) => server.PrincipalAsync(OwnerEmail);
}
