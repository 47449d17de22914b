using Microsoft.Extensions.Time.Testing;
using Portal.Accounts;
using Portal.Contracts.Mqtt;
using Portal.Simulator;
using Portal.Sites;
using Portal.Telemetry;

namespace Portal.Tests.Accounts;

/// <summary>
/// The demo site's seeded past, generated for a fixed "now": the whole window for every meter in UTC quarter-hours,
/// the same energy as the live simulator's day model, PV following the season, the grid introduction net of
/// everything plus a realistic residual, DST days of 92 and 100 quarter-hours, and the edge's two-hour gaps.
/// </summary>
public sealed class DemoHistoryTests
{
    private static readonly TimeZoneInfo Zurich = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 13, 28, 49, TimeSpan.Zero);
    private static readonly TimeSpan Quarter = TimeSpan.FromMinutes(15);

    private static readonly Lazy<IReadOnlyList<MeterInterval>> Window = new(() =>
        DemoHistory.Generate(DemoSeeder.Meters, DemoHistory.WindowStartUtc(Now, Zurich), DemoHistory.WindowEndUtc(Now), Zurich));

    [Fact]
    public void History_covers_the_window_for_every_meter_in_contiguous_UTC_quarter_hours()
    {
        var from = DemoHistory.WindowStartUtc(Now, Zurich);
        var to = DemoHistory.WindowEndUtc(Now);

        // Site-local midnight of 2 August (UTC+2), up to 13:15 UTC, the last whole quarter-hour before now.
        Assert.Equal(new DateTime(2026, 8, 2, 22, 0, 0, DateTimeKind.Utc), from);
        Assert.Equal(new DateTime(2026, 12, 1, 13, 15, 0, DateTimeKind.Utc), to);
        var byMeter = Window.Value.GroupBy(i => i.MeterId).ToDictionary(g => g.Key, g => g.OrderBy(i => i.StartUtc).ToList());
        Assert.Equal(DemoSeeder.Meters.Select(m => m.Id).Order(), byMeter.Keys.Order());
        foreach (var (meter, intervals) in byMeter)
        {
            Assert.Equal(from, intervals[0].StartUtc);
            Assert.Equal(to, intervals[^1].EndUtc);
            for (var i = 0; i < intervals.Count; i++)
            {
                var interval = intervals[i];
                Assert.True(QuarterHour.IsBoundary(new DateTimeOffset(interval.StartUtc)) && QuarterHour.IsBoundary(new DateTimeOffset(interval.EndUtc)), $"{meter} {interval.StartUtc:O}");
                Assert.Contains(interval.EndUtc - interval.StartUtc, new[] { Quarter, DemoHistory.GapLength });
                Assert.True(i == 0 || intervals[i - 1].EndUtc == interval.StartUtc, $"{meter}: hole before {interval.StartUtc:O}");
                Assert.Equal((DemoSeeder.GatewayId, 0L, false), (interval.GatewayId, interval.Sequence, interval.CounterWentBackwards));
                Assert.True(interval.ImportWh >= 0 && interval.ExportWh >= 0);
            }

            var quarterHours = (int)((to - from) / Quarter);
            Assert.Equal(quarterHours - 3 * 7, intervals.Count);
        }
    }

    /// <summary>The history is the simulator's own building: per quarter-hour the same energy as its ground truth, in winter (UTC+1) and summer (UTC+2).</summary>
    [Theory]
    [InlineData("2026-12-10", 1)]
    [InlineData("2026-06-21", 2)]
    public void Every_quarter_hour_is_the_day_models_integral_as_the_live_simulator_measures_it(string day, int utcOffsetHours)
    {
        var offset = TimeSpan.FromHours(utcOffsetHours);
        var midnight = new DateTimeOffset(DateOnly.Parse(day).ToDateTime(TimeOnly.MinValue), offset);
        var history = DemoHistory.Generate(DemoSeeder.Meters, midnight.UtcDateTime, midnight.AddDays(1).UtcDateTime, Zurich);
        var sameStep = GroundTruth(midnight, offset, DemoHistory.Step);
        var fineStep = GroundTruth(midnight, offset, new SiteSimulationOptions().Step);

        for (var index = 1; index < DemoSeeder.Meters.Count; index++)
        {
            var meter = DemoSeeder.Meters[index];
            var ours = history.Where(i => i.MeterId == meter.Id).ToDictionary(i => i.StartUtc);
            var truth = sameStep[index];
            Assert.Equal(96, ours.Count);
            Assert.Equal(96, truth.Count);
            foreach (var quarter in truth)
            {
                var interval = ours[quarter.Start.UtcDateTime];
                Assert.InRange(interval.ImportWh - quarter.ImportKWh * 1000, -1m, 1m);
                Assert.InRange(interval.ExportWh - quarter.ExportKWh * 1000, -1m, 1m);
            }

            // A 10-second integration gives the same day within the rounding of 96 quarter-hours and the EV's one step between minutes.
            var dayWh = ours.Values.Sum(i => i.ImportWh + i.ExportWh);
            var fineWh = fineStep[index].Sum(q => q.ImportKWh + q.ExportKWh) * 1000;
            Assert.InRange(dayWh - fineWh, -0.002m * fineWh - 48, 0.002m * fineWh + 48);
        }
    }

    [Fact]
    public void Pv_is_zero_at_night_and_a_June_day_gives_far_more_than_a_December_day()
    {
        var pv = DemoSeeder.Meters.Single(m => m.Role == MeterRole.PvProduction).Id;
        var june = Day(new DateOnly(2026, 6, 21)).Where(i => i.MeterId == pv).ToList();
        var december = Day(new DateOnly(2026, 12, 21)).Where(i => i.MeterId == pv).ToList();

        foreach (var night in june.Concat(december).Where(i => Local(i.StartUtc).Hour is < 4 or >= 22))
        {
            Assert.Equal(0, night.ExportWh);
            Assert.InRange(night.ImportWh, 1, 3); // the inverter's standby: 9 W
        }

        var juneKWh = june.Sum(i => i.ExportWh) / 1000m;
        var decemberKWh = december.Sum(i => i.ExportWh) / 1000m;
        Assert.InRange(decemberKWh, 10, 80);
        Assert.True(juneKWh > 2 * decemberKWh, $"June {juneKWh} kWh, December {decemberKWh} kWh");
        Assert.InRange(june.Max(i => i.ExportWh), 4_000, 7_500); // 16 to 30 kW at noon on 30 kWp
    }

    [Fact]
    public void The_grid_introduction_is_the_net_of_every_other_meter_plus_an_unmetered_residual_of_one_to_three_percent()
    {
        var grid = DemoSeeder.Meters.Single(m => m.Role == MeterRole.GridIntroduction).Id;
        var june = Day(new DateOnly(2026, 6, 21));
        var consumption = 0L;
        var residual = 0L;
        foreach (var quarter in june.GroupBy(i => i.StartUtc))
        {
            var introduction = quarter.Single(i => i.MeterId == grid);
            var others = quarter.Where(i => i.MeterId != grid).ToList();
            Assert.Equal(DemoSeeder.Meters.Count - 1, others.Count);
            var metered = others.Sum(i => i.ImportWh - i.ExportWh);
            var consumed = others.Sum(i => i.ImportWh);
            Assert.Equal(metered + DemoHistory.UnmeteredWh(consumed), introduction.ImportWh - introduction.ExportWh);
            Assert.True(introduction.ImportWh == 0 || introduction.ExportWh == 0);
            consumption += consumed;
            residual += introduction.ImportWh - introduction.ExportWh - metered;
        }

        Assert.InRange(residual / (decimal)consumption, 0.01m, 0.03m);

        // A sunny June day feeds the grid at noon and draws from it in the evening.
        var introductionOfDay = june.Where(i => i.MeterId == grid).ToList();
        Assert.Contains(introductionOfDay, i => Local(i.StartUtc).Hour == 13 && i.ExportWh > 1_000);
        Assert.Contains(introductionOfDay, i => Local(i.StartUtc).Hour == 20 && i.ImportWh > 500);
    }

    [Theory]
    [InlineData("2026-04-15", "2026-03-29", 92)]
    [InlineData("2026-11-15", "2026-10-25", 100)]
    [InlineData("2026-11-15", "2026-10-26", 96)]
    public void A_site_local_day_has_92_or_100_quarter_hours_on_daylight_saving_changes(string now, string day, int quarterHours)
    {
        var at = new DateTimeOffset(DateOnly.Parse(now).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
        var history = DemoHistory.Generate(DemoSeeder.Meters, DemoHistory.WindowStartUtc(at, Zurich), DemoHistory.WindowEndUtc(at), Zurich);
        var date = DateOnly.Parse(day);

        foreach (var meter in DemoSeeder.Meters)
        {
            var ofDay = history.Where(i => i.MeterId == meter.Id && DateOnly.FromDateTime(Local(i.StartUtc)) == date).ToList();
            Assert.Equal(quarterHours, ofDay.Sum(i => (int)((i.EndUtc - i.StartUtc) / Quarter)));
        }

        // The model runs on local time: the apartments' evening peak stays at 19:00 local on both sides of the change.
        var apartment = DemoSeeder.Meters.First(m => m.Role == MeterRole.Consumer).Id;
        var peak = history.Where(i => i.MeterId == apartment && DateOnly.FromDateTime(Local(i.StartUtc)) == date).MaxBy(i => i.ImportWh)!;
        Assert.InRange(Local(peak.StartUtc).Hour, 17, 20);
    }

    [Fact]
    public void On_a_few_days_the_edge_was_off_for_two_hours_and_one_interval_per_meter_carries_their_energy()
    {
        var gaps = DemoHistory.GapStartsUtc(DemoHistory.WindowStartUtc(Now, Zurich), Zurich);

        Assert.InRange(gaps.Count, 2, 5);
        Assert.Equal(gaps.Count, gaps.Select(g => Local(g).Date).Distinct().Count());
        foreach (var gap in gaps)
        {
            var inside = Window.Value.Where(i => i.StartUtc >= gap && i.StartUtc < gap + DemoHistory.GapLength).ToList();
            var quarters = DemoHistory.Generate(DemoSeeder.Meters, gap, gap + DemoHistory.GapLength, Zurich);
            Assert.Equal(8 * DemoSeeder.Meters.Count, quarters.Count);
            foreach (var meter in DemoSeeder.Meters)
            {
                var merged = Assert.Single(inside, i => i.MeterId == meter.Id);
                Assert.Equal((gap, gap + TimeSpan.FromHours(2)), (merged.StartUtc, merged.EndUtc));
                var parts = quarters.Where(i => i.MeterId == meter.Id).ToList();
                Assert.Equal((parts.Sum(i => i.ImportWh), parts.Sum(i => i.ExportWh)), (merged.ImportWh, merged.ExportWh));
            }
        }
    }

    private static IReadOnlyList<MeterInterval> Day(DateOnly day) =>
        DemoHistory.Generate(DemoSeeder.Meters, QuarterHour.StartOfLocalDay(day, Zurich).UtcDateTime, QuarterHour.StartOfLocalDay(day.AddDays(1), Zurich).UtcDateTime, Zurich);

    private static DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(utc, Zurich);

    /// <summary>The run command's simulator (2 converters, 10 meters, default seed and PV) over one day at a fixed offset, per meter index.</summary>
    private static IReadOnlyList<QuarterHourEnergy>[] GroundTruth(DateTimeOffset midnight, TimeSpan offset, TimeSpan step)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var options = SimulatorCommandLine.Parse(["--ports", "2", "--meters", "10"]).Site with { UtcOffset = offset, Step = step };
        var simulation = new SiteSimulation(options, new SimulationClock(clock, midnight, speed: 1));
        clock.Advance(TimeSpan.FromDays(1));
        return [.. simulation.Meters.Select(m => simulation.GroundTruth(m.Address))];
    }
}
