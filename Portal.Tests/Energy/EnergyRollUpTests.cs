using Portal.Energy;

namespace Portal.Tests.Energy;

public sealed class EnergyRollUpTests
{
    private static readonly TimeZoneInfo Zurich = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");
    private static readonly Guid SiteId = Guid.NewGuid();

    [Fact]
    public void Only_the_buckets_holding_a_changed_quarter_hour_are_summed_again()
    {
        var changed = new[] { At(10, 15), At(10, 45), At(12, 0) };

        Assert.Equal([At(10, 0), At(12, 0)], EnergyRollUp.Buckets(EnergyResolution.Hour, Zurich, changed));
        // 18 June in Zurich starts at 22:00 UTC the day before.
        Assert.Equal([new DateTime(2026, 6, 17, 22, 0, 0, DateTimeKind.Utc)], EnergyRollUp.Buckets(EnergyResolution.Day, Zurich, changed));
        Assert.Equal([new DateTime(2026, 5, 31, 22, 0, 0, DateTimeKind.Utc)], EnergyRollUp.Buckets(EnergyResolution.Month, Zurich, changed));
    }

    [Fact]
    public void The_october_change_day_adds_the_differences_of_its_100_quarter_hours_per_meter()
    {
        var from = EnergyBuckets.LocalMidnight(new DateOnly(2026, 10, 25), Zurich);
        var to = EnergyBuckets.LocalMidnight(new DateOnly(2026, 10, 26), Zurich);
        var deltas = new List<MeterEnergy>();
        for (var start = from; start < to; start += TimeSpan.FromMinutes(15))
        {
            deltas.Add(new MeterEnergy { MeterId = "a", SiteId = SiteId, StartUtc = start, ConsumedWh = 10, SolarWh = 4 });
            deltas.Add(new MeterEnergy { MeterId = "b", SiteId = SiteId, StartUtc = start, ConsumedWh = -1, SolarWh = 0, EstimatedQuarterHours = 1 });
        }

        var days = EnergyRollUp.MeterDeltas(EnergyResolution.Day, Zurich, deltas).OrderBy(m => m.MeterId).ToList();

        Assert.Equal(["a", "b"], days.Select(d => d.MeterId));
        Assert.All(days, d => Assert.Equal((from, EnergyResolution.Day), (d.StartUtc, d.Resolution)));
        Assert.Equal((1000L, 400L, 0), (days[0].ConsumedWh, days[0].SolarWh, days[0].EstimatedQuarterHours));
        Assert.Equal((-100L, 0L, 100), (days[1].ConsumedWh, days[1].SolarWh, days[1].EstimatedQuarterHours));
        Assert.Equal(25, EnergyRollUp.MeterDeltas(EnergyResolution.Hour, Zurich, deltas).Count(d => d.MeterId == "a"));
    }

    private static DateTime At(int hour, int minute) => new(2026, 6, 18, hour, minute, 0, DateTimeKind.Utc);
}
