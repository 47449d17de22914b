using Portal.Billing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Accounts;
using Portal.Billing.Tariffs;
using Portal.Data;
using Portal.Tests.Support;

namespace Portal.Tests.Billing.Tariffs;

/// <summary>The tariffs service on the portal's SQLite file: who may change what, the server-side limits, and the billing run's read.</summary>
public sealed class TariffsServiceTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private PortalServer _server = null!;
    private string _owner = null!;
    private Guid _site;

    public async Task InitializeAsync()
    {
        _server = await PortalServer.StartAsync(_clock);
        _owner = await _server.CreateAccountAsync(Roles.Owner);
        _site = await _server.CreateOwnedSiteAsync(_owner, "Apartment 1.1");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Portal.Billing.Tariffs.Tariffs Service() => _server.App.Services.CreateScope().ServiceProvider.GetRequiredService<Portal.Billing.Tariffs.Tariffs>();

    private static Tariff Version(DateOnly from, decimal solar = 0.15m) => new()
    {
        ValidFrom = from,
        SolarPricePerKwh = solar,
        GridPriceHtPerKwh = 0.30m,
        GridPriceNtPerKwh = 0.20m,
        MeteringFeePerMonth = 3m,
        BillingFeePerMonth = 0.75m,
        Calendar = TariffCalendarPresets.Winterthur(),
        ReferenceHtPerKwh = 0.32m,
        ReferenceNtPerKwh = 0.24m,
        ReferenceFeesPerMonth = 7.5m,
    };

    private static SiteBillingSettings Settings(string iban) => new()
    {
        IssuerName = "ZEV Sonnenhof",
        IssuerStreet = "Bahnhofstrasse",
        IssuerBuildingNumber = "12",
        IssuerPostalCode = "8001",
        IssuerTown = "Zürich",
        IssuerCountry = "ch",
        Iban = iban,
    };

    [Fact]
    public async Task Owner_stores_versions_with_their_calendar_and_the_billing_run_reads_the_timeline_with_its_gap()
    {
        var owner = await _server.PrincipalAsync(_owner);
        var calendar = new TariffCalendar(TariffCalendarPresets.Winterthur().Windows, [new DateOnly(2026, 12, 25)]);
        var july = Version(new DateOnly(2026, 7, 1));
        july.Calendar = calendar;
        Assert.Empty(await Service().AddTariffAsync(owner, _site, july));
        Assert.Empty(await Service().AddTariffAsync(owner, _site, Version(new DateOnly(2027, 1, 1), solar: 0.30m)));
        Assert.Equal([$"A version already starts on {new DateOnly(2026, 7, 1).ToString("d", System.Globalization.CultureInfo.CurrentCulture)}: edit that one."], await Service().AddTariffAsync(owner, _site, Version(new DateOnly(2026, 7, 1))));
        Assert.Empty(await Service().AddUtilityInvoiceAsync(owner, _site, new UtilityInvoice
        {
            FirstDay = new DateOnly(2026, 7, 1), LastDay = new DateOnly(2026, 9, 30), KwhHt = 3000m, KwhNt = 1000m, AmountHt = 900m, AmountNt = 200m, PowerCharge = 150m, Fees = 50m,
        }));

        // Changing a version keeps one row; a version id of another site is refused.
        var changed = july.Copy();
        changed.GridPriceNtPerKwh = 0.21m;
        Assert.Empty(await Service().ChangeTariffAsync(owner, _site, changed));
        Assert.Equal(["This entry no longer exists. Reload the page."], await Service().ChangeTariffAsync(owner, _site, Version(new DateOnly(2026, 8, 1))));
        var elsewhere = await _server.CreateOwnedSiteAsync(_owner);
        Assert.Equal(["This entry no longer exists. Reload the page."], await Service().ChangeTariffAsync(owner, elsewhere, changed.Copy()));

        var book = (await Service().ForBillingAsync(_site, new DateOnly(2026, 6, 1), new DateOnly(2026, 12, 31)))!;
        Assert.Equal([new DayRange(new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 30))], book.Timeline.Gaps);
        Assert.Equal(calendar, book.Timeline.On(new DateOnly(2026, 12, 31))!.Calendar);
        Assert.Single(book.UtilityInvoices);
        Assert.Equal(new ActualGridCost(0.35m, 0.25m), book.GridPriceOn(new DateOnly(2026, 8, 15)));
        Assert.Equal(new ActualGridCost(0.30m, 0.21m), book.GridPriceOn(new DateOnly(2026, 10, 1)));
        Assert.Null(book.GridPriceOn(new DateOnly(2026, 6, 15)));

        // The page's view: newest first, each with its end and the cap check (ZEV-11: 0.31 > 80 % of 0.308).
        var view = (await Service().ForAsync(owner, _site))!;
        Assert.Equal([new DateOnly(2027, 1, 1), new DateOnly(2026, 7, 1)], view.Versions.Select(v => v.Tariff.ValidFrom));
        Assert.Equal(new DateOnly(2026, 12, 31), view.Versions[1].ValidUntil);
        Assert.True(view.Versions[0].Check.BreaksCap);
        Assert.False(view.Versions[1].Check.BreaksCap);
    }

    [Fact]
    public async Task Server_refuses_a_negative_price_a_bad_IBAN_and_a_registered_issuer_without_VAT_number()
    {
        var owner = await _server.PrincipalAsync(_owner);
        var negative = await Service().AddTariffAsync(owner, _site, Version(new DateOnly(2026, 1, 1), solar: -0.01m));
        Assert.Equal(["Solar price (CHF/kWh): enter a number from 0 to 5, with at most 5 decimals."], negative);
        var overlapping = Version(new DateOnly(2026, 1, 1));
        overlapping.Calendar = new TariffCalendar([new HighTariffWindow(DayOfWeek.Monday, new TimeOnly(20, 0), new TimeOnly(7, 0))], []);
        Assert.Equal(["A high-tariff window is not valid: times on the quarter-hour, the end after the start, no overlap on the same day."], await Service().AddTariffAsync(owner, _site, overlapping));

        Assert.Contains("The IBAN fails its check: compare it with the bank's document.", await Service().SaveSettingsAsync(owner, _site, Settings("CH58 0079 1123 0008 8901 3")));
        var registered = Settings("CH58 0079 1123 0008 8901 2");
        registered.VatRegistered = true;
        Assert.Contains("A VAT-registered issuer needs its VAT number.", await Service().SaveSettingsAsync(owner, _site, registered));
        registered.VatNumber = "CHE-123.456.789 MWST";
        registered.SetCustomLabel(InvoiceLineKind.Solar, " Sonnenstrom ");
        Assert.Empty(await Service().SaveSettingsAsync(owner, _site, registered));

        await using var db = await _server.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Empty(await db.Tariffs.ToListAsync());
        var stored = await db.SiteBillingSettings.SingleAsync(s => s.SiteId == _site);
        Assert.Equal("CH5800791123000889012", stored.Iban);
        Assert.Equal("CH", stored.IssuerCountry);
        Assert.Equal("Sonnenstrom", stored.SolarEnergyLabel);
        Assert.Null(stored.GridEnergyHtLabel);
    }

    [Fact]
    public async Task Another_owner_and_a_resident_are_refused_and_an_archived_site_is_read_only()
    {
        var stranger = await _server.PrincipalAsync(await _server.CreateAccountAsync(Roles.Owner));
        var resident = await _server.PrincipalAsync(await _server.CreateAccountAsync(Roles.Resident));
        Assert.Null(await Service().ForAsync(stranger, _site));
        Assert.Null(await Service().ForAsync(resident, _site));
        Assert.Equal(["Site not found"], await Service().AddTariffAsync(stranger, _site, Version(new DateOnly(2026, 1, 1))));
        Assert.Equal(["Site not found"], await Service().SaveSettingsAsync(resident, _site, Settings("CH5800791123000889012")));

        await using (var db = await _server.App.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            await db.Sites.Where(s => s.Id == _site).ExecuteUpdateAsync(s => s.SetProperty(x => x.ArchivedUtc, DateTime.UtcNow));
        }

        var refused = await Service().AddTariffAsync(await _server.PrincipalAsync(_owner), _site, Version(new DateOnly(2026, 1, 1)));
        Assert.Equal(["This site is archived: it is read-only until its owner or an administrator brings it back."], refused);
    }
}
