using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Accounts;
using Portal.Billing;
using Portal.Billing.Tariffs;
using Portal.Commissioning;
using Portal.Contracts.Mqtt;
using Portal.Data;
using Portal.Energy;
using Portal.Sites;

namespace Portal.Tests.Support;

/// <summary>
/// A site ready to bill its last finished month, in a running portal's database: an owner, "Apartment 1" and
/// "Apartment 2" with a resident each (the first with a postal address, the second without), grid, PV and one meter
/// per apartment whose month of data goes through the real ingestion and balance, a tariff version and billing
/// settings with a valid IBAN. Every quarter-hour: PV 200 Wh, grid 200 Wh, apartment 1 takes 300 Wh and apartment 2
/// 100 Wh, so each gets half its energy from the sun (ZEV-07) and nothing is left for common electricity.
/// </summary>
public sealed class BillingSite
{
    public const long GridWhPerQuarterHour = 200;

    public static readonly PostalAddressForm Address = new("Chloé Dupré", "Rue du Rhône", "12", "1204", "Genève", "CH");

    private BillingSite(string ownerEmail, EnergySite energy, BillingPeriod month, int quarterHours, IReadOnlyDictionary<string, Guid> residents)
    {
        OwnerEmail = ownerEmail;
        Energy = energy;
        Month = month;
        QuarterHours = quarterHours;
        Residents = residents;
    }

    public string OwnerEmail { get; }

    public EnergySite Energy { get; }

    public Guid SiteId => Energy.SiteId;

    /// <summary>The last month that is over in the site's zone today.</summary>
    public BillingPeriod Month { get; }

    /// <summary>Quarter-hours of the month (fewer or more in a month of a DST change).</summary>
    public int QuarterHours { get; }

    /// <summary>Resident ids by billing point name.</summary>
    public IReadOnlyDictionary<string, Guid> Residents { get; }

    public static async Task<BillingSite> CreateAsync(PortalServer server)
    {
        var ownerEmail = await server.CreateAccountAsync(Roles.Owner);
        var owner = await server.PrincipalAsync(ownerEmail);
        var energy = await EnergySite.CreateAsync(server.App.Services, SiteType.StandardRcp, await server.IdOfAsync(ownerEmail),
            new EnergyMeter("grid", MeterRole.GridIntroduction), new EnergyMeter("pv", MeterRole.PvProduction),
            new EnergyMeter("apt-1", MeterRole.Consumer, "Apartment 1"), new EnergyMeter("apt-2", MeterRole.Consumer, "Apartment 2"));
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");
        var lastMonth = OccupancyPeriod.Today(DateTimeOffset.UtcNow, zone).AddMonths(-1);
        var month = BillingPeriod.Month(lastMonth.Year, lastMonth.Month);

        var residents = new Dictionary<string, Guid>();
        await using (var db = await server.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            foreach (var point in new[] { "Apartment 1", "Apartment 2" })
            {
                residents[point] = await server.IdOfAsync(await server.CreateAccountAsync(Roles.Resident));
                db.Occupancies.Add(new Occupancy { BillingPointId = energy.BillingPoints[point], ResidentId = residents[point], MoveIn = month.Start.AddYears(-1) });
            }

            await db.SaveChangesAsync();
        }

        await using (var scope = server.App.Services.CreateAsyncScope())
        {
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<ResidentAddresses>().SaveAsync(owner, energy.SiteId, residents["Apartment 1"], Address));
            var tariffs = scope.ServiceProvider.GetRequiredService<Tariffs>();
            Assert.Empty(await tariffs.AddTariffAsync(owner, energy.SiteId, new Tariff
            {
                ValidFrom = month.Start.AddYears(-1), SolarPricePerKwh = 0.20m, GridPriceHtPerKwh = 0.30m, GridPriceNtPerKwh = 0.20m,
                MeteringFeePerMonth = 3m, BillingFeePerMonth = 0.75m, Calendar = TariffCalendarPresets.Winterthur(),
                ReferenceHtPerKwh = 0.32m, ReferenceNtPerKwh = 0.24m, ReferenceFeesPerMonth = 7.50m,
            }));
            Assert.Empty(await tariffs.SaveSettingsAsync(owner, energy.SiteId, new SiteBillingSettings
            {
                IssuerName = "ZEV Sonnenhof", IssuerStreet = "Bahnhofstrasse", IssuerBuildingNumber = "12", IssuerPostalCode = "8001",
                IssuerTown = "Zürich", IssuerCountry = "CH", Iban = "CH5800791123000889012",
            }));
        }

        // The month in day-long intervals (the last one shorter), spread evenly over their quarter-hours by the balance.
        var from = EnergyBuckets.LocalMidnight(month.Start, zone);
        var to = EnergyBuckets.LocalMidnight(month.End, zone);
        var quarterHours = (int)((to - from) / QuarterHour.Length);
        var intervals = new List<(string, DateTime, int, long, long)>();
        for (var start = 0; start < quarterHours; start += 96)
        {
            var quarters = Math.Min(96, quarterHours - start);
            var at = from + (QuarterHour.Length * start);
            intervals.Add(("grid", at, quarters, GridWhPerQuarterHour * quarters, 0));
            intervals.Add(("pv", at, quarters, 0, 200L * quarters));
            intervals.Add(("apt-1", at, quarters, 300L * quarters, 0));
            intervals.Add(("apt-2", at, quarters, 100L * quarters, 0));
        }

        await energy.DeliverAsync([.. intervals]);
        await energy.BalanceAsync();
        return new BillingSite(ownerEmail, energy, month, quarterHours, residents);
    }

    /// <summary>Gives apartment 2's resident the postal address the QR-bill needs (as the owner does on the billing points page).</summary>
    public async Task AddSecondAddressAsync(PortalServer server)
    {
        await using var scope = server.App.Services.CreateAsyncScope();
        Assert.Empty(await scope.ServiceProvider.GetRequiredService<ResidentAddresses>()
            .SaveAsync(await server.PrincipalAsync(OwnerEmail), SiteId, Residents["Apartment 2"], Address with { Name = "Urs Keller", Street = "Seestrasse", BuildingNumber = "4", PostalCode = "8002", Town = "Zürich" }));
    }
}
