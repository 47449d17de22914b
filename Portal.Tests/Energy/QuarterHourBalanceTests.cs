using Portal.Commissioning;
using Portal.Energy;
using Portal.Sites;

namespace Portal.Tests.Energy;

/// <summary>The balance of one quarter-hour against cases computed by hand (BILLING.md ZEV-06..08).</summary>
public sealed class QuarterHourBalanceTests
{
    private static readonly DateTime Start = new(2026, 6, 15, 10, 0, 0, DateTimeKind.Utc);

    private static (SiteEnergy Site, Dictionary<string, MeterEnergy> Meters) Balance(SiteType type, params (BalanceMeter Meter, long ImportWh, long ExportWh)[] readings)
    {
        var topology = new BalanceTopology(Guid.NewGuid(), type, readings.Select(r => r.Meter).ToList());
        var values = readings.Select(r => new MeterReading(r.ImportWh, r.ExportWh, false, false)).ToArray();
        var expected = readings.Select(_ => true).ToArray();
        var meters = new List<MeterEnergy>();
        var site = QuarterHourBalance.Of(topology, Start, values, expected, meters);
        return (site, meters.ToDictionary(m => m.MeterId));
    }

    private static readonly BalanceMeter Grid = new("grid", MeterRole.GridIntroduction);
    private static readonly BalanceMeter Pv = new("pv", MeterRole.PvProduction);
    private static readonly BalanceMeter Battery = new("battery", MeterRole.Battery);
    private static readonly BalanceMeter Apartment1 = new("apt-1", MeterRole.Consumer);
    private static readonly BalanceMeter Apartment2 = new("apt-2", MeterRole.Consumer);
    private static readonly BalanceMeter Stairs = new("stairs", MeterRole.CommonArea);

    [Fact]
    public void Sunny_quarter_hour_everyone_is_solar_and_the_surplus_is_exported()
    {
        // PV 2000; apartments 300 + 900, stairs 100; 100 unmetered; the introduction exports 600.
        var (site, meters) = Balance(SiteType.StandardRcp, (Grid, 0, 600), (Pv, 0, 2000), (Apartment1, 300, 0), (Apartment2, 900, 0), (Stairs, 100, 0));

        Assert.Equal((1400L, 1300L, 100L, 100L), (site.ConsumptionWh, site.MeteredWh, site.CommonAreaWh, site.ResidualWh));
        Assert.Equal((1400L, 600L, 0L), (site.PvToLoadWh, site.PvToGridWh, site.GridToLoadWh));
        Assert.Equal((300L, 900L, 100L), (meters["apt-1"].SolarWh, meters["apt-2"].SolarWh, meters["stairs"].SolarWh));
        Assert.Equal(100, site.ResidualSolarWh);
        Assert.Equal(0, site.ImbalanceWh);
        var kpis = EnergyKpis.Of(site);
        Assert.Equal((0.7m, 1m, 1400L), (kpis.SelfConsumptionRate, kpis.Autarky, kpis.SolarUsedOnSiteWh));
    }

    [Fact]
    public void Partly_sunny_quarter_hour_shares_the_sun_in_proportion_to_consumption_with_the_residual_as_a_consumer()
    {
        // PV 600, apartments 300 + 900 and 300 unmetered: load 1500, import 900.
        var (site, meters) = Balance(SiteType.StandardRcp, (Grid, 900, 0), (Pv, 0, 600), (Apartment1, 300, 0), (Apartment2, 900, 0));

        Assert.Equal((1500L, 300L), (site.ConsumptionWh, site.ResidualWh));
        // Local supply 600 over 1500: 40 % each.
        Assert.Equal((120L, 180L), (meters["apt-1"].SolarWh, meters["apt-1"].GridWh));
        Assert.Equal((360L, 540L), (meters["apt-2"].SolarWh, meters["apt-2"].GridWh));
        Assert.Equal(120, site.ResidualSolarWh);
        // Grid shares + residual grid = what the DSO measured (ZEV-08).
        Assert.Equal(site.GridImportWh, meters.Values.Sum(m => m.GridWh) + site.ResidualWh - site.ResidualSolarWh);
        Assert.Equal(0.4m, EnergyKpis.Of(site).Autarky);
    }

    [Fact]
    public void No_sun_everything_comes_from_the_grid_and_the_self_consumption_rate_is_not_a_number()
    {
        var (site, meters) = Balance(SiteType.StandardRcp, (Grid, 1250, 0), (Pv, 3, 0), (Apartment1, 400, 0), (Apartment2, 800, 0));

        Assert.Equal((0L, 1250L, 50L), (site.ProductionWh, site.GridToLoadWh, site.ResidualWh));
        Assert.All(meters.Values, m => Assert.Equal(0, m.SolarWh));
        var kpis = EnergyKpis.Of(site);
        Assert.Null(kpis.SelfConsumptionRate);
        Assert.Equal(0m, kpis.Autarky);
        Assert.Equal(5000, kpis.PeakGridPowerW);
    }

    [Fact]
    public void A_charging_battery_takes_the_surplus_before_the_grid_does()
    {
        // PV 2000, load 800, battery charges 1000, 200 exported.
        var (site, _) = Balance(SiteType.StandardRcp, (Grid, 0, 200), (Pv, 0, 2000), (Battery, 1000, 0), (Apartment1, 800, 0));

        Assert.Equal((800L, 1000L, 200L, 0L), (site.PvToLoadWh, site.PvToBatteryWh, site.PvToGridWh, site.GridToBatteryWh));
        Assert.Equal((800L, 0L, 0L), (site.ConsumptionWh, site.ResidualWh, site.ImbalanceWh));
        Assert.Equal(0.9m, EnergyKpis.Of(site).SelfConsumptionRate);
    }

    [Fact]
    public void A_discharging_battery_at_night_supplies_the_load_as_stored_solar()
    {
        // No PV; battery gives 600 of a 1000 load; 400 imported.
        var (site, meters) = Balance(SiteType.StandardRcp, (Grid, 400, 0), (Battery, 0, 600), (Apartment1, 250, 0), (Apartment2, 750, 0));

        Assert.Equal((600L, 400L, 1000L), (site.BatteryToLoadWh, site.GridToLoadWh, site.ConsumptionWh));
        Assert.Equal((150L, 450L), (meters["apt-1"].SolarWh, meters["apt-2"].SolarWh));
        Assert.Equal(0.6m, EnergyKpis.Of(site).Autarky);
    }

    [Fact]
    public void Export_at_night_from_a_current_transformer_mounted_the_wrong_way_round_shows_as_imbalance_not_as_solar()
    {
        // The apartments draw 1000 from the grid, but the reversed CT reports it as export.
        var (site, meters) = Balance(SiteType.StandardRcp, (Grid, 0, 1000), (Apartment1, 400, 0), (Apartment2, 600, 0));

        Assert.Equal((0L, 0L, 0L), (site.PvToGridWh, site.BatteryToGridWh, site.ConsumptionWh));
        Assert.Equal(-1000, site.ImbalanceWh);
        Assert.Equal(-1000, site.ResidualWh);
        Assert.All(meters.Values, m => Assert.Equal(0, m.SolarWh));
    }

    [Fact]
    public void A_virtual_rcp_nets_its_two_connections_in_the_quarter_hour()
    {
        // Building A exports 700 of its PV, building B imports 500 at the same time: the community exports 200.
        var (site, meters) = Balance(SiteType.VirtualRcp,
            (new BalanceMeter("grid-a", MeterRole.GridIntroduction), 0, 700), (new BalanceMeter("grid-b", MeterRole.GridIntroduction), 500, 0),
            (Pv, 0, 1500), (Apartment1, 800, 0), (Apartment2, 500, 0));

        Assert.Equal((0L, 200L), (site.GridImportWh, site.GridExportWh));
        Assert.Equal((1300L, 0L), (site.ConsumptionWh, site.ResidualWh));
        Assert.Equal((800L, 500L), (meters["apt-1"].SolarWh, meters["apt-2"].SolarWh));
    }

    [Fact]
    public void Two_connections_of_an_ordinary_site_are_summed_not_netted()
    {
        var (site, _) = Balance(SiteType.Microgrid,
            (new BalanceMeter("grid-a", MeterRole.GridIntroduction), 0, 700), (new BalanceMeter("grid-b", MeterRole.GridIntroduction), 500, 0),
            (Pv, 0, 1500), (Apartment1, 1300, 0));

        Assert.Equal((500L, 700L), (site.GridImportWh, site.GridExportWh));
    }

    [Fact]
    public void A_single_consumer_site_derives_its_consumption_from_production_import_and_export()
    {
        var (site, meters) = Balance(SiteType.SingleConsumer, (Grid, 300, 500), (Pv, 0, 1400));

        // 1400 + 300 - 500.
        Assert.Equal((1200L, 1200L, 0L), (site.ConsumptionWh, site.MeteredWh, site.ResidualWh));
        Assert.Equal(900, site.SolarToMetersWh);
        Assert.Empty(meters);
    }

    [Fact]
    public void A_meter_that_reported_before_and_is_silent_now_counts_as_missing_one_that_never_reported_does_not()
    {
        var topology = new BalanceTopology(Guid.NewGuid(), SiteType.StandardRcp, [Grid, Apartment1, Apartment2]);
        var site = QuarterHourBalance.Of(topology, Start, [new MeterReading(100, 0, false, false), MeterReading.Missing, MeterReading.Missing], [true, true, false], []);

        Assert.Equal(1, site.MissingReadings);
    }
}
