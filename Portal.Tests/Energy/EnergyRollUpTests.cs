using Portal.Energy;

namespace Portal.Tests.Energy;

public sealed class EnergyRollUpTests
{
    private static readonly TimeZoneInfo Zurich = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");
    private static readonly Guid SiteId = Guid.NewGuid();

    [Fact]
    public void Only_hours_wholly_inside_the_range_are_summed_and_the_edges_are_left_to_the_stored_rows()
    {
        // 10:15 to 12:30 UTC: the 10:00 and 12:00 hours lie partly outside, only 11:00 is whole.
        var from = new DateTime(2026, 6, 18, 10, 15, 0, DateTimeKind.Utc);
        var to = new DateTime(2026, 6, 18, 12, 30, 0, DateTimeKind.Utc);
        var quarters = QuarterHours(from, to, q => 100 + q);

        var hours = EnergyRollUp.Sites(EnergyResolution.Hour, from, to, Zurich, quarters);

        var hour = Assert.Single(hours);
        Assert.Equal(new DateTime(2026, 6, 18, 11, 0, 0, DateTimeKind.Utc), hour.StartUtc);
        Assert.Equal(EnergyResolution.Hour, hour.Resolution);
        Assert.Equal(103 + 104 + 105 + 106, hour.ProductionWh);
        Assert.Equal(4, hour.QuarterHours);
        Assert.Equal(
            [new DateTime(2026, 6, 18, 10, 0, 0, DateTimeKind.Utc), new DateTime(2026, 6, 18, 12, 0, 0, DateTimeKind.Utc)],
            EnergyRollUp.Partial(EnergyResolution.Hour, from, to, Zurich));
    }

    [Fact]
    public void Peaks_are_the_highest_quarter_hour_and_the_other_figures_the_sum()
    {
        var from = new DateTime(2026, 6, 18, 11, 0, 0, DateTimeKind.Utc);
        var quarters = QuarterHours(from, from.AddHours(1), q => q);
        quarters[2].PeakGridImportWh = 900;
        quarters[1].PeakGridImportWh = 400;

        var hour = Assert.Single(EnergyRollUp.Sites(EnergyResolution.Hour, from, from.AddHours(1), Zurich, quarters));

        Assert.Equal(900, hour.PeakGridImportWh);
        Assert.Equal(quarters.Sum(q => q.GridImportWh), hour.GridImportWh);
    }

    [Fact]
    public void The_october_change_day_sums_its_100_quarter_hours_per_meter()
    {
        var from = EnergyBuckets.LocalMidnight(new DateOnly(2026, 10, 25), Zurich);
        var to = EnergyBuckets.LocalMidnight(new DateOnly(2026, 10, 26), Zurich);
        var meters = new List<MeterEnergy>();
        for (var start = from; start < to; start += TimeSpan.FromMinutes(15))
        {
            meters.Add(new MeterEnergy { MeterId = "a", SiteId = SiteId, StartUtc = start, ConsumedWh = 10, SolarWh = 4 });
            meters.Add(new MeterEnergy { MeterId = "b", SiteId = SiteId, StartUtc = start, ConsumedWh = 1, SolarWh = 0, EstimatedQuarterHours = 1 });
        }

        var days = EnergyRollUp.Meters(EnergyResolution.Day, from, to, Zurich, meters).OrderBy(m => m.MeterId).ToList();

        Assert.Equal(["a", "b"], days.Select(d => d.MeterId));
        Assert.All(days, d => Assert.Equal(from, d.StartUtc));
        Assert.Equal((1000L, 400L, 0), (days[0].ConsumedWh, days[0].SolarWh, days[0].EstimatedQuarterHours));
        Assert.Equal((100L, 0L, 100), (days[1].ConsumedWh, days[1].SolarWh, days[1].EstimatedQuarterHours));
        Assert.Empty(EnergyRollUp.Partial(EnergyResolution.Day, from, to, Zurich));
    }

    private static List<SiteEnergy> QuarterHours(DateTime from, DateTime to, Func<int, long> production)
    {
        var quarters = new List<SiteEnergy>();
        for (var (start, q) = (from, 0); start < to; start += TimeSpan.FromMinutes(15), q++)
        {
            quarters.Add(new SiteEnergy { SiteId = SiteId, StartUtc = start, QuarterHours = 1, ProductionWh = production(q), GridImportWh = 10 * q });
        }

        return quarters;
    }
}
