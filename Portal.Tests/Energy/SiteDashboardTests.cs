using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Accounts;
using Portal.Commissioning;
using Portal.Energy;
using Portal.Sites;
using Portal.Tests.Support;

namespace Portal.Tests.Energy;

/// <summary>The owner's dashboard service against balances computed from intervals through the real ingestion.</summary>
public sealed class SiteDashboardTests : IAsyncLifetime
{
    // 15 June 2026 in Zurich (UTC+2): a sunny morning, a cloudy one that charges the battery, an evening on the battery.
    private static readonly DateTime Morning = new(2026, 6, 15, 8, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Noon = new(2026, 6, 15, 10, 15, 0, DateTimeKind.Utc);
    private static readonly DateTime Evening = new(2026, 6, 15, 18, 0, 0, DateTimeKind.Utc);
    private static readonly EnergyPeriodQuery June15 = new("day", "2026-06-15", null);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private PortalServer _server = null!;

    public async Task InitializeAsync() => _server = await PortalServer.StartAsync(_clock);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private SiteDashboard Dashboard => _server.App.Services.CreateScope().ServiceProvider.GetRequiredService<SiteDashboard>();

    private async Task<(EnergySite Site, System.Security.Claims.ClaimsPrincipal Owner)> BatterySiteAsync()
    {
        var owner = await _server.CreateAccountAsync(Roles.Owner);
        var site = await EnergySite.CreateAsync(_server.App.Services, SiteType.StandardRcp, await _server.IdOfAsync(owner),
            new EnergyMeter("grid", MeterRole.GridIntroduction), new EnergyMeter("pv", MeterRole.PvProduction), new EnergyMeter("battery", MeterRole.Battery),
            new EnergyMeter("apt-1", MeterRole.Consumer, "Apartment 1"), new EnergyMeter("apt-2", MeterRole.Consumer, "Apartment 2"));
        await site.DeliverAsync(
            // PV 1000: 800 to the apartments, 200 exported.
            ("grid", Morning, 0, 200), ("pv", Morning, 0, 1000), ("apt-1", Morning, 300, 0), ("apt-2", Morning, 500, 0),
            // PV 600: 400 into the battery, 200 to the load, which also buys 500.
            ("grid", Noon, 500, 0), ("pv", Noon, 0, 600), ("battery", Noon, 400, 0), ("apt-1", Noon, 400, 0), ("apt-2", Noon, 300, 0),
            // No sun: the battery gives 300, the grid 100.
            ("grid", Evening, 100, 0), ("pv", Evening, 0, 0), ("battery", Evening, 0, 300), ("apt-1", Evening, 200, 0), ("apt-2", Evening, 200, 0));
        await site.BalanceAsync();
        return (site, await _server.PrincipalAsync(owner));
    }

    [Fact]
    public async Task The_days_key_figures_are_the_hand_computed_ones()
    {
        var (site, owner) = await BatterySiteAsync();

        var view = await Dashboard.ForAsync(owner, site.SiteId, June15);

        Assert.NotNull(view);
        Assert.Null(view.Problem);
        Assert.True(view.HasData);
        var figures = view.Kpis.ToDictionary(k => k.Name, k => k.Value);
        Assert.Equal(1600m, figures["Production"]);
        Assert.Equal(1900m, figures["Consumption"]);
        Assert.Equal(1400m, figures["SolarUsed"]); // 800 + 200 + 400 into the battery
        Assert.Equal(600m, figures["GridImport"]);
        Assert.Equal(200m, figures["GridExport"]);
        Assert.Equal(0.875m, figures["SelfConsumption"]); // 1400 / 1600
        Assert.Equal(0.6842m, figures["Autarky"]); // (1000 solar + 300 battery) / 1900
        Assert.Equal(2000m, figures["PeakPower"]); // 500 Wh in a quarter-hour
        Assert.Equal(96, view.Series.Count);
        Assert.Equal(3, view.Series.Count(p => p.HasData));
        Assert.Equal([("Apartment 1", 900L), ("Apartment 2", 1000L)], view.BillingPoints.Select(p => (p.Name, p.ConsumedWh)));
        Assert.Equal([("apt-1", 900L), ("apt-2", 1000L)], view.Meters.Select(m => (m.Name, m.ConsumedWh)));
        Assert.Equal(1300L, view.BillingPoints.Sum(p => p.SolarWh)); // all local supply: nothing unmetered
        Assert.Equal(0, view.ResidualWh);
    }

    [Fact]
    public async Task The_flows_add_up_to_the_key_figures()
    {
        var (site, owner) = await BatterySiteAsync();

        var view = await Dashboard.ForAsync(owner, site.SiteId, June15);

        var flows = view!.Flows!;
        var figures = view.Kpis.ToDictionary(k => k.Name, k => k.Value);
        Assert.Equal(figures["Production"], flows.Total(FlowNode.Solar));
        Assert.Equal(figures["Consumption"], flows.Total(FlowNode.Load));
        Assert.Equal(figures["GridImport"], flows.Total(FlowNode.GridImport));
        Assert.Equal(figures["GridExport"], flows.Total(FlowNode.GridExport));
        Assert.Equal(figures["SolarUsed"], flows.Between(FlowNode.Solar, FlowNode.Load) + flows.Between(FlowNode.Solar, FlowNode.BatteryCharge));
        Assert.Equal((1000L, 400L, 200L, 600L, 300L), (flows.Between(FlowNode.Solar, FlowNode.Load), flows.Between(FlowNode.Solar, FlowNode.BatteryCharge),
            flows.Between(FlowNode.Solar, FlowNode.GridExport), flows.Between(FlowNode.GridImport, FlowNode.Load), flows.Between(FlowNode.BatteryDischarge, FlowNode.Load)));
        Assert.Equal(0, flows.ImbalanceWh);
    }

    [Fact]
    public async Task Key_figures_are_compared_with_the_previous_period_and_none_without_data_a_year_earlier()
    {
        var (site, owner) = await BatterySiteAsync();
        var dayBefore = Morning.AddDays(-1);
        await site.DeliverAsync(("grid", dayBefore, 0, 0), ("pv", dayBefore, 0, 800), ("apt-1", dayBefore, 400, 0), ("apt-2", dayBefore, 400, 0));
        await site.BalanceAsync();

        var view = await Dashboard.ForAsync(owner, site.SiteId, June15);

        var production = view!.Kpis.Single(k => k.Name == "Production");
        Assert.Equal((1600m, 800m), (production.Value, production.Previous));
        Assert.Equal(new KpiChange(800m, 100.0m), production.VersusPrevious);
        var import = view.Kpis.Single(k => k.Name == "GridImport");
        Assert.Equal(new KpiChange(600m, null), import.VersusPrevious); // none the day before: no percentage of zero
        Assert.Null(production.YearEarlier);
        Assert.Null(production.VersusYearEarlier);

        var dayBeforeView = await Dashboard.ForAsync(owner, site.SiteId, new EnergyPeriodQuery("day", "2026-06-14", null));
        Assert.Null(dayBeforeView!.Kpis.Single(k => k.Name == "Production").Previous);
    }

    [Fact]
    public async Task The_October_day_of_100_quarter_hours_has_100_heat_map_cells_in_site_time()
    {
        var (site, owner) = await BatterySiteAsync();
        // 25 October 2026, Zurich: 02:00-03:00 comes twice, first in summer time (00:xx UTC), then in winter time (01:xx UTC).
        var summer = new DateTime(2026, 10, 25, 0, 15, 0, DateTimeKind.Utc);
        var winter = new DateTime(2026, 10, 25, 1, 15, 0, DateTimeKind.Utc);
        await site.DeliverAsync(("grid", summer, 100, 0), ("apt-1", summer, 100, 0), ("grid", winter, 200, 0), ("apt-1", winter, 200, 0));
        await site.BalanceAsync();

        var view = await Dashboard.ForAsync(owner, site.SiteId, new EnergyPeriodQuery("day", "2026-10-25", null));

        var day = Assert.Single(view!.HeatMap!.Days);
        Assert.Equal(EnergyResolution.QuarterHour, view.HeatMap.Columns);
        Assert.Equal(100, day.Cells.Count);
        Assert.Equal(100, view.Series.Count);
        // Local midnight is 22:00 UTC the day before: 02:15 CEST is the 10th cell, 02:15 CET the 14th.
        Assert.Equal([(9, 100L), (13, 200L)], day.Cells.Select((c, i) => (i, c.ConsumptionWh)).Where(c => c.ConsumptionWh is not null).Select(c => (c.i, c.ConsumptionWh!.Value)));
    }

    [Fact]
    public async Task A_long_period_has_a_heat_map_column_per_hour_and_a_row_per_day()
    {
        var (site, owner) = await BatterySiteAsync();

        var view = await Dashboard.ForAsync(owner, site.SiteId, new EnergyPeriodQuery("year", "2026-06-15", null));

        Assert.Equal(EnergyResolution.Hour, view!.HeatMap!.Columns);
        Assert.Equal(365, view.HeatMap.Days.Count);
        var june15 = view.HeatMap.Days.Single(d => d.Day == new DateOnly(2026, 6, 15));
        Assert.Equal(24, june15.Cells.Count);
        // Local midnight is 22:00 UTC: 08:00, 10:15 and 18:00 UTC are the hours from 10, 12 and 20 o'clock.
        Assert.Equal([(10, 800L), (12, 700L), (20, 400L)], june15.Cells.Select((c, i) => (i, c.ConsumptionWh)).Where(c => c.ConsumptionWh is not null).Select(c => (c.i, c.ConsumptionWh!.Value)));
        Assert.Equal(23, view.HeatMap.Days.Single(d => d.Day == new DateOnly(2026, 3, 29)).Cells.Count);
        Assert.Equal(12, view.Series.Count);
    }

    [Fact]
    public async Task A_single_consumer_sites_one_billing_point_has_the_sites_consumption_and_solar()
    {
        var ownerEmail = await _server.CreateAccountAsync(Roles.Owner);
        var site = await EnergySite.CreateAsync(_server.App.Services, SiteType.SingleConsumer, await _server.IdOfAsync(ownerEmail),
            new EnergyMeter("grid", MeterRole.GridIntroduction), new EnergyMeter("pv", MeterRole.PvProduction));
        await using (var db = await _server.App.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Portal.Data.PortalDbContext>>().CreateDbContextAsync())
        {
            db.BillingPoints.Add(new BillingPoint { SiteId = site.SiteId, Name = "House" });
            await db.SaveChangesAsync();
        }

        // The house uses 1000 + 100 - 300 = 800 Wh, 700 of them solar.
        await site.DeliverAsync(("grid", Morning, 100, 300), ("pv", Morning, 0, 1000));
        await site.BalanceAsync();

        var view = await Dashboard.ForAsync(await _server.PrincipalAsync(ownerEmail), site.SiteId, June15);

        Assert.Equal([("House", 800L, 700L)], view!.BillingPoints.Select(p => (p.Name, p.ConsumedWh, p.SolarWh)));
        Assert.Empty(view.Meters);
        Assert.Equal(800m, view.Kpis.Single(k => k.Name == "Consumption").Value);
    }

    [Theory]
    [InlineData("custom", "2016-01-01", "2025-12-31", "Energy.Period.TooLong")]
    [InlineData("day", "2027-01-01", null, "Energy.Period.InFuture")]
    [InlineData("custom", "2026-06-15", "2026-06-01", "Energy.Period.EndBeforeStart")]
    [InlineData("fortnight", "2026-06-15", null, EnergyPeriodQuery.InvalidText)]
    [InlineData("day", "15.06.2026", null, EnergyPeriodQuery.InvalidText)]
    public async Task A_period_that_cannot_be_shown_comes_back_with_its_message(string period, string from, string? to, string problem)
    {
        var (site, owner) = await BatterySiteAsync();

        var view = await Dashboard.ForAsync(owner, site.SiteId, new EnergyPeriodQuery(period, from, to));

        Assert.NotNull(view);
        Assert.Equal(problem, view.Problem);
        Assert.False(view.HasData);
        Assert.Empty(view.Kpis);
    }

    [Fact]
    public async Task A_period_without_data_says_so()
    {
        var (site, owner) = await BatterySiteAsync();

        var view = await Dashboard.ForAsync(owner, site.SiteId, new EnergyPeriodQuery("month", "2026-02-01", null));

        Assert.Null(view!.Problem);
        Assert.False(view.HasData);
        Assert.Equal(28, view.Series.Count);
        Assert.All(view.Series, p => Assert.False(p.HasData));
    }

    [Fact]
    public async Task Only_those_who_may_see_the_site_get_its_dashboard()
    {
        var (site, owner) = await BatterySiteAsync();
        var otherOwner = await _server.PrincipalAsync(await _server.CreateAccountAsync(Roles.Owner));
        var resident = await _server.PrincipalAsync(await _server.CreateAccountAsync(Roles.Resident));
        var otherInstaller = await _server.PrincipalAsync(await _server.CreateAccountAsync(Roles.Installer));
        var installer = await _server.PrincipalAsync(await _server.CreateInstallerOfAsync(site.SiteId));
        var administrator = await _server.PrincipalAsync(await _server.CreateAccountAsync(Roles.Administrator));

        Assert.Null(await Dashboard.ForAsync(otherOwner, site.SiteId, June15));
        Assert.Null(await Dashboard.ForAsync(resident, site.SiteId, June15));
        Assert.Null(await Dashboard.ForAsync(otherInstaller, site.SiteId, June15));
        Assert.Null(await Dashboard.ForAsync(owner, Guid.NewGuid(), June15));
        Assert.NotNull(await Dashboard.ForAsync(installer, site.SiteId, June15));
        Assert.NotNull(await Dashboard.ForAsync(administrator, site.SiteId, June15));
    }
}
