using Portal.Billing;
using Portal.Energy;

namespace Portal.Tests.Billing;

/// <summary>The allocation of a stored quarter-hour balance to accounts (ZEV-07, ZEV-08, INV-07), on hand-built quarter-hours.</summary>
public sealed class BillingAllocationTests
{
    private static readonly TimeZoneInfo Zurich = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");
    private static readonly Guid PointA = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid PointB = Guid.Parse("00000000-0000-0000-0000-00000000000b");
    private static readonly Guid Stairs = Guid.Parse("00000000-0000-0000-0000-0000000000cc");
    private static readonly Guid Anna = Guid.Parse("00000000-0000-0000-0000-0000000000a1");
    private static readonly Guid Marc = Guid.Parse("00000000-0000-0000-0000-0000000000a2");
    private static readonly Guid Lea = Guid.Parse("00000000-0000-0000-0000-0000000000b1");

    // Monday 1 and Tuesday 2 June 2026, local days; HT 07:00-20:00 local.
    private static readonly DateOnly Monday = new(2026, 6, 1);

    [Fact]
    public void A_sunny_quarter_hour_gives_each_consumer_its_stored_solar_and_grid_in_the_high_tariff_window()
    {
        var allocation = new BillingAllocation(Setup(days: 1, annaUntil: null));
        var noon = At(Monday, 12, 0);
        allocation.AddMeter("mA", noon, 1_000, 600, estimated: false);
        allocation.AddMeter("mB", noon, 500, 300, estimated: false);
        allocation.AddSite(Site(noon, gridImport: 600, residual: 0, residualSolar: 0));

        var result = allocation.Result(estimateMissing: false);

        Assert.Equal(new EnergySplit(600, 0, 400, 0), Account(result, PointA, Anna).Own);
        Assert.Equal(new EnergySplit(300, 0, 200, 0), Account(result, PointB, Lea).Own);
    }

    [Fact]
    public void Without_sun_at_night_everything_is_grid_energy_in_the_low_tariff_window()
    {
        var allocation = new BillingAllocation(Setup(days: 1, annaUntil: null));
        var night = At(Monday, 2, 15);
        allocation.AddMeter("mA", night, 300, 0, estimated: false);
        allocation.AddMeter("mB", night, 0, 0, estimated: false);

        var result = allocation.Result(estimateMissing: false);

        Assert.Equal(new EnergySplit(0, 0, 0, 300), Account(result, PointA, Anna).Own);
        Assert.True(Account(result, PointB, Lea).Own.IsZero);
    }

    [Fact]
    public void A_consumer_at_zero_still_gets_its_equal_share_of_common_electricity_and_the_residual()
    {
        var allocation = new BillingAllocation(Setup(days: 1, annaUntil: null));
        var noon = At(Monday, 12, 0);
        allocation.AddMeter("mA", noon, 400, 100, estimated: false);
        allocation.AddMeter("mB", noon, 0, 0, estimated: false);
        allocation.AddMeter("mStairs", noon, 201, 51, estimated: false);
        allocation.AddSite(Site(noon, gridImport: 500, residual: 50, residualSolar: 20));

        var result = allocation.Result(estimateMissing: false);

        // Pool: stairs 51 solar + 150 grid, residual 20 solar + 30 grid = 71 solar + 180 grid, in two equal parts.
        Assert.Equal(new EnergySplit(36, 0, 90, 0), Account(result, PointA, Anna).Common);
        Assert.Equal(new EnergySplit(35, 0, 90, 0), Account(result, PointB, Lea).Common);
        Assert.True(Account(result, PointB, Lea).Own.IsZero);
        Assert.Equal(new EnergySplit(51, 0, 150, 0), result.Reconciliation.CommonAreas);
        Assert.Equal(new EnergySplit(20, 0, 30, 0), result.Reconciliation.Residual);
    }

    [Fact]
    public void Exported_surplus_is_not_allocated_to_anyone_and_the_reconciliation_equals_the_introduction_meter()
    {
        var allocation = new BillingAllocation(Setup(days: 1, annaUntil: null));
        var noon = At(Monday, 12, 0);
        allocation.AddMeter("mA", noon, 400, 400, estimated: false);
        allocation.AddMeter("mB", noon, 100, 100, estimated: false);
        allocation.AddSite(Site(noon, gridImport: 0, residual: 0, residualSolar: 0, production: 2_000, export: 1_500));
        var evening = At(Monday, 21, 0);
        allocation.AddMeter("mA", evening, 250, 0, estimated: false);
        allocation.AddMeter("mB", evening, 150, 0, estimated: false);
        allocation.AddSite(Site(evening, gridImport: 460, residual: 60, residualSolar: 0));

        var result = allocation.Result(estimateMissing: false);

        var reconciliation = result.Reconciliation;
        Assert.Equal((1_500L, 2_000L, 460L), (reconciliation.GridExportWh, reconciliation.ProductionWh, reconciliation.GridImportWh));
        Assert.Equal(460, reconciliation.AllocatedGridWh);
        Assert.Equal(0, reconciliation.DifferenceWh);
        Assert.Equal(result.Accounts.Sum(a => a.Own.GridWh + a.Common.GridWh), reconciliation.GridToLoadWh);
    }

    [Fact]
    public void A_move_mid_period_cuts_at_local_midnight_and_each_resident_gets_their_own_days()
    {
        var allocation = new BillingAllocation(Setup(days: 2, annaUntil: Monday.AddDays(1)));
        allocation.AddMeter("mA", At(Monday, 23, 45), 100, 0, estimated: false);
        allocation.AddMeter("mA", At(Monday.AddDays(1), 0, 0), 70, 0, estimated: false);
        allocation.AddMeter("mStairs", At(Monday, 23, 45), 10, 0, estimated: false);
        allocation.AddMeter("mStairs", At(Monday.AddDays(1), 0, 0), 20, 0, estimated: false);

        var result = allocation.Result(estimateMissing: false);

        var anna = Account(result, PointA, Anna);
        var marc = Account(result, PointA, Marc);
        Assert.Equal(100, anna.Own.GridLowWh);
        Assert.Equal(70, marc.Own.GridLowWh);
        Assert.Equal([new UtcSpan(At(Monday, 0, 0), At(Monday.AddDays(1), 0, 0))], anna.Spans);
        Assert.Equal([new UtcSpan(At(Monday.AddDays(1), 0, 0), At(Monday.AddDays(2), 0, 0))], marc.Spans);
        // The stairs of each day are shared by whoever lived at A that day.
        Assert.Equal((5L, 10L), (anna.Common.GridLowWh, marc.Common.GridLowWh));
    }

    [Fact]
    public void A_vacant_billing_point_is_billed_to_the_owner_as_vacancy()
    {
        var setup = Setup(days: 1, annaUntil: null) with
        {
            Points = [new(PointA, false, [new(Anna, Day(Monday, 1))]), new(PointB, false, []), new(Stairs, true, [])],
        };
        var allocation = new BillingAllocation(setup);
        allocation.AddMeter("mB", At(Monday, 12, 0), 80, 20, estimated: false);
        allocation.AddMeter("mStairs", At(Monday, 12, 0), 40, 0, estimated: false);

        var result = allocation.Result(estimateMissing: false);

        var vacancy = Account(result, PointB, null);
        Assert.True(vacancy.Account.IsVacancy);
        Assert.Equal(new EnergySplit(20, 0, 60, 0), vacancy.Own);
        Assert.Equal(20, vacancy.Common.GridHighWh);
    }

    [Fact]
    public void Missing_quarter_hours_are_listed_and_estimated_from_the_meters_average_taken_out_of_the_residual()
    {
        var allocation = new BillingAllocation(Setup(days: 1, annaUntil: null));
        // Meter A reports 90 quarter-hours of 100 Wh (40 of them solar), then nothing for the last 6 (NT, evening).
        for (var i = 0; i < 90; i++)
        {
            var start = At(Monday, 0, 0).AddMinutes(15 * i);
            allocation.AddMeter("mA", start, 100, 40, estimated: false);
            allocation.AddMeter("mB", start, 50, 0, estimated: false);
            allocation.AddSite(Site(start, gridImport: 110, residual: 0, residualSolar: 0));
        }

        for (var i = 90; i < 96; i++)
        {
            var start = At(Monday, 0, 0).AddMinutes(15 * i);
            allocation.AddMeter("mB", start, 50, 0, estimated: false);
            // Meter A is silent: its 100 Wh show up in the residual of the introduction meter.
            allocation.AddSite(Site(start, gridImport: 150, residual: 100, residualSolar: 0));
        }

        var waiting = allocation.Result(estimateMissing: false);
        var anna = Account(waiting, PointA, Anna);
        Assert.Equal(6, anna.MissingQuarterHours);
        Assert.Equal([new MissingData("mA", new UtcSpan(At(Monday, 22, 30), At(Monday.AddDays(1), 0, 0)))], anna.Missing);
        Assert.Equal(new EnergySplit(0, 240, 0, 360), anna.Estimate);
        Assert.Equal(9_000, anna.Own.TotalWh);

        var estimated = allocation.Result(estimateMissing: true);
        Assert.Equal(9_600, Account(estimated, PointA, Anna).Own.TotalWh);
        Assert.Equal((600L, 0L), (waiting.Reconciliation.Residual.TotalWh, estimated.Reconciliation.Residual.TotalWh));
        Assert.Equal(waiting.Reconciliation.AllocatedGridWh, estimated.Reconciliation.AllocatedGridWh);
    }

    [Fact]
    public void A_meter_with_no_data_at_all_in_the_period_cannot_be_estimated()
    {
        var allocation = new BillingAllocation(Setup(days: 1, annaUntil: null));
        allocation.AddMeter("mB", At(Monday, 12, 0), 50, 0, estimated: false);

        var anna = Account(allocation.Result(estimateMissing: true), PointA, Anna);

        Assert.True(anna.CannotEstimate);
        Assert.Equal(96, anna.MissingQuarterHours);
    }

    [Fact]
    public void Spread_quarter_hours_are_counted_as_estimated_for_the_account()
    {
        var allocation = new BillingAllocation(Setup(days: 1, annaUntil: null));
        allocation.AddMeter("mA", At(Monday, 12, 0), 50, 0, estimated: true);
        allocation.AddMeter("mA", At(Monday, 12, 15), 50, 0, estimated: true);

        Assert.Equal(2, Account(allocation.Result(false), PointA, Anna).EstimatedQuarterHours);
    }

    [Fact]
    public void Days_no_tariff_covers_are_reported_as_tariff_gaps()
    {
        var setup = Setup(days: 2, annaUntil: null) with { Segments = [new TariffSegment(Day(Monday, 1), HighTariff)] };

        var result = new BillingAllocation(setup).Result(false);

        Assert.Equal([Day(Monday.AddDays(1), 1)], result.TariffGaps);
    }

    [Fact]
    public void Rows_of_one_meter_out_of_time_order_are_refused()
    {
        var allocation = new BillingAllocation(Setup(days: 1, annaUntil: null));
        allocation.AddMeter("mA", At(Monday, 12, 15), 50, 0, estimated: false);

        Assert.Throws<ArgumentException>(() => allocation.AddMeter("mA", At(Monday, 12, 0), 50, 0, estimated: false));
    }

    internal static DateTime At(DateOnly day, int hour, int minute) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(hour, minute)), Zurich);

    internal static UtcSpan Day(DateOnly first, int days) => new(At(first, 0, 0), At(first.AddDays(days), 0, 0));

    internal static bool HighTariff(DateTime startUtc)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(startUtc, Zurich);
        return local.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && local.Hour is >= 7 and < 20;
    }

    private static AccountEnergy Account(AllocationResult result, Guid point, Guid? resident) =>
        Assert.Single(result.Accounts, a => a.Account == new BillingAccount(point, resident));

    // Points A (Anna, then Marc from annaUntil), B (Léa) and the stairs (a common area); meters mA, mB, mStairs.
    private static BillingSetup Setup(int days, DateOnly? annaUntil)
    {
        var period = Day(Monday, days);
        IReadOnlyList<ResidentStay> atA = annaUntil is { } until
            ? [new(Anna, new UtcSpan(period.FromUtc, At(until, 0, 0))), new(Marc, new UtcSpan(At(until, 0, 0), period.ToUtc))]
            : [new(Anna, period)];
        return new BillingSetup(
            period,
            [new(PointA, false, atA), new(PointB, false, [new(Lea, period)]), new(Stairs, true, [])],
            new Dictionary<string, Guid?> { ["mA"] = PointA, ["mB"] = PointB, ["mStairs"] = Stairs },
            new HashSet<string>(),
            [new TariffSegment(period, HighTariff)]);
    }

    private static SiteEnergy Site(DateTime start, long gridImport, long residual, long residualSolar, long production = 0, long export = 0) => new()
    {
        SiteId = Guid.Empty,
        Resolution = EnergyResolution.QuarterHour,
        StartUtc = start,
        GridImportWh = gridImport,
        GridToLoadWh = gridImport,
        GridExportWh = export,
        ProductionWh = production,
        PvToGridWh = Math.Min(production, export),
        PvToLoadWh = production - Math.Min(production, export),
        ResidualWh = residual,
        ResidualSolarWh = residualSolar,
        QuarterHours = 1,
    };
}
