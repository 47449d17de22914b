using Microsoft.Extensions.DependencyInjection;
using Portal.Commissioning;
using Portal.Energy;
using Portal.Sites;
using Portal.Tests.Support;

namespace Portal.Tests.Energy;

/// <summary>Balances computed from intervals that went through the real ingestion, stored in a real SQLite file.</summary>
public sealed class EnergyBalanceStoreTests : IAsyncLifetime
{
    private static readonly TimeZoneInfo Zurich = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");
    private static readonly DateTime Noon = new(2026, 6, 15, 10, 0, 0, DateTimeKind.Utc);
    private PortalServer _server = null!;

    public async Task InitializeAsync() => _server = await PortalServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<EnergySite> SunnySiteAsync() => EnergySite.CreateAsync(_server.App.Services, SiteType.StandardRcp, ownerId: null,
        new EnergyMeter("grid", MeterRole.GridIntroduction), new EnergyMeter("pv", MeterRole.PvProduction),
        new EnergyMeter("apt-1", MeterRole.Consumer, "Apartment 1"), new EnergyMeter("apt-2", MeterRole.Consumer, "Apartment 2"));

    [Fact]
    public async Task A_delivered_quarter_hour_is_balanced_and_rolled_up_into_its_hour_day_and_month()
    {
        var site = await SunnySiteAsync();

        // PV 1000 Wh, apartments 300 + 500 Wh, 50 Wh unmetered: 150 Wh exported.
        await site.DeliverAsync(("grid", Noon, 0, 150), ("pv", Noon, 0, 1000), ("apt-1", Noon, 300, 0), ("apt-2", Noon, 500, 0));
        await site.BalanceAsync();

        var history = _server.App.Services.GetRequiredService<EnergyHistory>();
        var quarter = Assert.Single(await history.SiteSeriesAsync(site.SiteId, EnergyResolution.QuarterHour, Noon, Noon.AddHours(1)));
        Assert.Equal((1000, 850, 800, 50, 150), (quarter.ProductionWh, quarter.ConsumptionWh, quarter.MeteredWh, quarter.ResidualWh, quarter.GridExportWh));
        foreach (var resolution in new[] { EnergyResolution.Hour, EnergyResolution.Day, EnergyResolution.Month })
        {
            var bucket = Assert.Single(await history.SiteSeriesAsync(site.SiteId, resolution, Noon.AddDays(-40), Noon.AddDays(40)));
            Assert.Equal((1, 1000L, 850L, 150L), (bucket.QuarterHours, bucket.ProductionWh, bucket.ConsumptionWh, bucket.GridExportWh));
        }

        var meters = await history.MeterTotalsAsync(site.SiteId, Noon.AddDays(-1), Noon.AddDays(1), Zurich);
        Assert.Equal([("apt-1", 300L, 300L), ("apt-2", 500L, 500L)], meters.Select(m => (m.MeterId, m.ConsumedWh, m.SolarWh)));
    }

    [Fact]
    public async Task A_late_interval_changes_the_stored_balance_and_its_roll_ups()
    {
        var site = await SunnySiteAsync();
        await site.DeliverAsync(("grid", Noon, 0, 500), ("pv", Noon, 0, 1000), ("apt-1", Noon, 300, 0));
        await site.BalanceAsync();
        var before = await site.TotalAsync(Noon.Date, Noon.Date.AddDays(1));
        Assert.Equal(200, before.ResidualWh);

        // The second apartment's interval arrives an hour late: the residual it explained goes to it.
        await site.DeliverAsync(("apt-2", Noon, 200, 0));
        await site.BalanceAsync();

        var after = await site.TotalAsync(Noon.Date, Noon.Date.AddDays(1));
        Assert.Equal((0L, 500L), (after.ResidualWh, after.MeteredWh));
        var day = Assert.Single(await _server.App.Services.GetRequiredService<EnergyHistory>().SiteSeriesAsync(site.SiteId, EnergyResolution.Day, Noon.AddDays(-1), Noon.AddDays(1)));
        Assert.Equal(500, day.MeteredWh);
    }

    [Fact]
    public async Task A_recompute_writes_only_the_rows_that_changed_and_the_roll_ups_stay_the_sums_of_their_quarter_hours()
    {
        var site = await SunnySiteAsync();
        var store = _server.App.Services.GetRequiredService<EnergyBalanceStore>();
        var later = Noon.AddMinutes(15);
        await site.DeliverAsync(("grid", Noon, 0, 100), ("pv", Noon, 0, 1000), ("apt-1", Noon, 300, 0), ("apt-2", Noon, 600, 0),
            ("grid", later, 0, 400), ("pv", later, 0, 1000), ("apt-1", later, 300, 0));
        await site.BalanceAsync();

        // apt-2's second interval arrives late and explains the residual: its quarter-hour's site row and its own row
        // are written; apt-1's row stays (the load, measured at the introduction, and so its solar share did not change).
        await site.DeliverAsync(("apt-2", later, 300, 0));
        await site.BalanceAsync();
        Assert.Equal(2, store.LastRecompute!.RowsWritten);

        // The whole day again (a replayed day): nothing differs, nothing is written.
        await using (var db = await _server.App.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Portal.Data.PortalDbContext>>().CreateDbContextAsync())
        {
            db.EnergyRecalculations.Add(new EnergyRecalculation { SiteId = site.SiteId, FromUtc = Noon.Date, ToUtc = Noon.Date.AddDays(1) });
            await db.SaveChangesAsync();
        }

        await site.BalanceAsync();
        Assert.Equal(0, store.LastRecompute!.RowsWritten);

        var history = _server.App.Services.GetRequiredService<EnergyHistory>();
        var quarters = await history.MeterSeriesAsync(site.SiteId, ["apt-1", "apt-2"], EnergyResolution.QuarterHour, Noon.AddDays(-40), Noon.AddDays(40));
        Assert.Equal([("apt-1", 600L, 600L), ("apt-2", 900L, 900L)],
            quarters.GroupBy(q => q.MeterId).Select(g => (g.Key, g.Sum(q => q.ConsumedWh), g.Sum(q => q.SolarWh))));
        foreach (var resolution in new[] { EnergyResolution.Hour, EnergyResolution.Day, EnergyResolution.Month })
        {
            var buckets = await history.MeterSeriesAsync(site.SiteId, ["apt-1", "apt-2"], resolution, Noon.AddDays(-40), Noon.AddDays(40));
            Assert.Equal(quarters.GroupBy(q => q.MeterId).Select(g => (g.Key, g.Sum(q => q.ConsumedWh), g.Sum(q => q.SolarWh))),
                buckets.GroupBy(b => b.MeterId).Select(g => (g.Key, Assert.Single(g).ConsumedWh, g.Single().SolarWh)));
            var siteBucket = Assert.Single(await history.SiteSeriesAsync(site.SiteId, resolution, Noon.AddDays(-40), Noon.AddDays(40)));
            Assert.Equal((2, 2000L, 1500L, 500L), (siteBucket.QuarterHours, siteBucket.ProductionWh, siteBucket.MeteredWh, siteBucket.GridExportWh));
        }
    }

    [Fact]
    public async Task Intervals_beyond_the_packed_read_are_read_on_their_own_and_balanced_alike()
    {
        // A month-long gap of a large meter, 3,000,000,000 Wh, does not fit the 31 bits of the usual read
        // (MeterIntervalReader); its neighbour's interval does. Both are spread and summed as usual.
        var site = await SunnySiteAsync();
        var monthLater = Noon.AddMinutes(15 * 3000);
        await site.DeliverAsync(("apt-1", Noon, 3000, 3_000_000_000L, 0L), ("apt-2", Noon, 1, 500L, 0L));
        await site.BalanceAsync();

        var total = await site.TotalAsync(Noon, monthLater);
        Assert.Equal((3_000_000_500L, 3000), (total.MeteredWh, total.EstimatedReadings));
    }

    [Fact]
    public async Task A_replayed_interval_changes_nothing()
    {
        var site = await SunnySiteAsync();
        await site.DeliverAsync(("apt-1", Noon, 300, 0));
        await site.BalanceAsync();

        await site.DeliverAsync(("apt-1", Noon, 999, 0));

        await site.BalanceAsync();
        Assert.Equal(300, (await site.TotalAsync(Noon.Date, Noon.Date.AddDays(1))).MeteredWh);
    }

    [Fact]
    public async Task An_interval_over_a_gap_is_spread_over_its_quarter_hours_as_estimated()
    {
        var site = await SunnySiteAsync();
        await site.DeliverAsync(("apt-1", Noon, 4, 1001L, 0L));
        await site.BalanceAsync();

        var quarters = await _server.App.Services.GetRequiredService<EnergyHistory>().SiteSeriesAsync(site.SiteId, EnergyResolution.QuarterHour, Noon, Noon.AddHours(1));
        Assert.Equal([251L, 250L, 250L, 250L], quarters.Select(q => q.MeteredWh));
        Assert.All(quarters, q => Assert.Equal(1, q.EstimatedReadings));
    }

    [Fact]
    public async Task A_meter_counts_as_missing_from_its_first_report_on_also_in_a_later_recompute_that_holds_none_of_its_intervals()
    {
        // apt-1 reports at noon only, apt-2 first at 12:30 (UTC 10:30) and then alone: the quarter-hour 10:30 is
        // balanced on its own (as ingestion queues it), apt-1's only interval lies before it, and apt-1 is missing
        // there. apt-2 was not missing at noon, before it ever reported; grid and PV never reported at all.
        var site = await SunnySiteAsync();
        await site.DeliverAsync(("apt-1", Noon, 300, 0));
        await site.BalanceAsync();
        await site.DeliverAsync(("apt-2", Noon.AddMinutes(30), 200, 0));
        await site.BalanceAsync();

        var quarters = await _server.App.Services.GetRequiredService<EnergyHistory>().SiteSeriesAsync(site.SiteId, EnergyResolution.QuarterHour, Noon, Noon.AddHours(1));
        Assert.Equal([(Noon, 0), (Noon.AddMinutes(30), 1)], quarters.Select(q => (q.StartUtc, q.MissingReadings)));
    }

    [Fact]
    public async Task The_october_change_day_has_100_quarter_hours_and_a_month_equals_the_sum_of_its_quarter_hours()
    {
        var site = await SunnySiteAsync();
        // October 2026 in Zurich, every quarter-hour, with a sun that rises and sets and apartments that vary.
        var (first, end) = EnergyPeriod.Containing(PeriodKind.Month, new DateOnly(2026, 10, 1)).ToUtc(Zurich);
        var intervals = new List<(string, DateTime, long, long)>();
        var random = new Random(7);
        for (var start = first; start < end; start = start.AddMinutes(15))
        {
            var hour = TimeZoneInfo.ConvertTimeFromUtc(start, Zurich).Hour;
            var pv = hour is >= 8 and < 17 ? random.Next(0, 900) : 0;
            var (a, b) = (random.Next(20, 400), random.Next(20, 400));
            var unmetered = random.Next(0, 30);
            var net = a + b + unmetered - pv;
            intervals.AddRange([("grid", start, Math.Max(net, 0), Math.Max(-net, 0)), ("pv", start, 0, pv), ("apt-1", start, a, 0), ("apt-2", start, b, 0)]);
        }

        foreach (var chunk in intervals.Chunk(2000))
        {
            await site.DeliverAsync(chunk);
        }

        await site.BalanceAsync();

        var history = _server.App.Services.GetRequiredService<EnergyHistory>();
        var quarters = await history.SiteSeriesAsync(site.SiteId, EnergyResolution.QuarterHour, first, end);
        var days = await history.SiteSeriesAsync(site.SiteId, EnergyResolution.Day, first, end);
        var changeDay = days.Single(d => EnergyBuckets.LocalDay(d.StartUtc, Zurich) == new DateOnly(2026, 10, 25));
        Assert.Equal(100, changeDay.QuarterHours);
        Assert.Equal(31, days.Count);

        var summed = new SiteEnergy();
        foreach (var quarter in quarters)
        {
            summed.Add(quarter);
        }

        var month = Assert.Single(await history.SiteSeriesAsync(site.SiteId, EnergyResolution.Month, first, end));
        Assert.Equal(EnergyKpis.Of(summed), EnergyKpis.Of(month));
        Assert.Equal(EnergyKpis.Of(summed), EnergyKpis.Of(await site.TotalAsync(first, end)));
        Assert.Equal(31 * 96 + 4, month.QuarterHours);
        Assert.Equal(0, month.ImbalanceWh);

        // A period that is not made of whole buckets (a day and a half) is summed from quarter-hours at its end.
        var dayAndHalf = await site.TotalAsync(first, first.AddHours(36));
        Assert.Equal(quarters.Where(q => q.StartUtc < first.AddHours(36)).Sum(q => q.ConsumptionWh), dayAndHalf.ConsumptionWh);

        // Meter totals of the month equal their quarter-hours too.
        var meterMonth = await history.MeterTotalsAsync(site.SiteId, first, end, Zurich);
        var meterQuarters = await history.MeterSeriesAsync(site.SiteId, ["apt-1", "apt-2"], EnergyResolution.QuarterHour, first, end);
        Assert.Equal(meterQuarters.GroupBy(m => m.MeterId).Select(g => (g.Key, g.Sum(m => m.SolarWh))), meterMonth.Select(m => (m.MeterId, m.SolarWh)));
    }

    [Fact]
    public async Task A_site_moved_to_another_time_zone_has_its_days_at_the_new_midnights_only()
    {
        var site = await SunnySiteAsync();
        // 22:30 UTC on 15 June is 00:30 on 16 June in Zurich, still 15 June in UTC.
        var lateEvening = new DateTime(2026, 6, 15, 22, 30, 0, DateTimeKind.Utc);
        await site.DeliverAsync(("apt-1", lateEvening, 300, 0));
        await site.BalanceAsync();
        var history = _server.App.Services.GetRequiredService<EnergyHistory>();
        Assert.Equal([new DateTime(2026, 6, 15, 22, 0, 0, DateTimeKind.Utc)],
            (await history.SiteSeriesAsync(site.SiteId, EnergyResolution.Day, lateEvening.AddDays(-2), lateEvening.AddDays(2))).Select(d => d.StartUtc));

        await using (var db = await _server.App.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Portal.Data.PortalDbContext>>().CreateDbContextAsync())
        {
            (await db.Sites.FindAsync(site.SiteId))!.TimeZone = "UTC";
            await db.SaveChangesAsync();
        }

        await _server.App.Services.GetRequiredService<EnergyBalanceStore>().QueueSiteAsync(site.SiteId);
        await site.BalanceAsync();

        var days = await history.SiteSeriesAsync(site.SiteId, EnergyResolution.Day, lateEvening.AddDays(-2), lateEvening.AddDays(2));
        Assert.Equal([(new DateTime(2026, 6, 15, 0, 0, 0, DateTimeKind.Utc), 300L)], days.Select(d => (d.StartUtc, d.MeteredWh)));
        var meterDays = await history.MeterSeriesAsync(site.SiteId, ["apt-1"], EnergyResolution.Day, lateEvening.AddDays(-2), lateEvening.AddDays(2));
        Assert.Equal([(new DateTime(2026, 6, 15, 0, 0, 0, DateTimeKind.Utc), 300L)], meterDays.Select(d => (d.StartUtc, d.ConsumedWh)));
    }

    [Fact]
    public async Task A_meter_given_another_role_has_its_sites_history_computed_again()
    {
        // The installer first declared the inverter's meter as "Other".
        var site = await EnergySite.CreateAsync(_server.App.Services, SiteType.StandardRcp, ownerId: null,
            new EnergyMeter("grid", MeterRole.GridIntroduction), new EnergyMeter("pv", MeterRole.Other), new EnergyMeter("apt-1", MeterRole.Consumer, "Apartment 1"));
        await site.DeliverAsync(("grid", Noon, 0, 500), ("pv", Noon, 0, 800), ("apt-1", Noon, 300, 0));
        await site.BalanceAsync();
        Assert.Equal(0, (await site.TotalAsync(Noon.Date, Noon.Date.AddDays(1))).ProductionWh);

        await using (var db = await _server.App.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Portal.Data.PortalDbContext>>().CreateDbContextAsync())
        {
            (await db.Meters.FindAsync("pv"))!.Role = MeterRole.PvProduction;
            await db.SaveChangesAsync();
        }

        await _server.App.Services.GetRequiredService<EnergyBalanceStore>().QueueSiteAsync(site.SiteId);
        await site.BalanceAsync();

        var day = await site.TotalAsync(Noon.Date, Noon.Date.AddDays(1));
        Assert.Equal((800L, 300L, 0L), (day.ProductionWh, day.ConsumptionWh, day.ImbalanceWh));
        var history = _server.App.Services.GetRequiredService<EnergyHistory>();
        Assert.Equal(["apt-1"], (await history.MeterTotalsAsync(site.SiteId, Noon.Date, Noon.Date.AddDays(1), Zurich)).Select(m => m.MeterId));
        Assert.DoesNotContain(await history.MeterSeriesAsync(site.SiteId, ["pv"], EnergyResolution.Hour, Noon.Date, Noon.Date.AddDays(1)), _ => true);
    }
}
