using Portal.Commissioning;
using Portal.Sites;
using Portal.Telemetry;

namespace Portal.Tests.Commissioning;

public sealed class ReadingPlausibilityTests
{
    // 1 December 2026 in Bern: dark at 06:00 UTC (07:00 local), sun up at 11:00 UTC.
    private static readonly DateTimeOffset DecemberDawn = new(2026, 12, 1, 6, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset DecemberNoon = new(2026, 12, 1, 11, 0, 0, TimeSpan.Zero);
    private static readonly ExistingMeter Pv = new("pv", "PV", "bus-c1", 2, MeterRole.PvProduction, null);
    private static readonly ExistingMeter Apartment = new("apt-1", "Apartment 1", "bus-c1", 3, MeterRole.Consumer, null);

    private static LiveMeterValues Reading(DateTimeOffset at, decimal powerW, decimal importKwh = 1000m, decimal exportKwh = 0m, decimal? amps = null) =>
        new("m", Guid.Empty, at, powerW, importKwh, exportKwh, 231, 230, 229, amps, amps, amps);

    private static InspectionContext Site(decimal maxCurrentA = 63, LiveMeterValues? earlier = null, IntervalEnergy? interval = null) =>
        new(false, SiteLocation.Switzerland, maxCurrentA, earlier, interval);

    [Fact]
    public void A_PV_meter_producing_19_kW_before_a_December_sunrise_is_implausible()
    {
        Assert.Equal("Inspection.PvAtNight", ReadingPlausibility.Check(MeterRole.PvProduction, Reading(DecemberDawn, -19_000m), Site()));
        var inspection = MeterInspector.Assess(Pv, Reading(DecemberDawn, -19_000m), DecemberDawn, TimeSpan.FromSeconds(30), Site());
        Assert.Equal(new MeterInspection("pv", InspectionStatus.Implausible, "Inspection.PvAtNight"), inspection);
    }

    [Fact]
    public void A_PV_meter_producing_in_daylight_or_idling_at_night_passes()
    {
        Assert.Null(ReadingPlausibility.Check(MeterRole.PvProduction, Reading(DecemberNoon, -9_000m), Site()));
        Assert.Null(ReadingPlausibility.Check(MeterRole.PvProduction, Reading(DecemberDawn, 9m), Site()));
        Assert.Null(ReadingPlausibility.Check(MeterRole.PvProduction, Reading(DecemberDawn, -ReadingPlausibility.NightProductionWatts), Site()));
    }

    [Fact]
    public void Night_is_judged_at_the_sites_place_not_at_the_portals()
    {
        // 03:00 UTC on 21 June: the sun has just risen in Vienna (04:54 local), Paris is still dark (sunrise 05:47 local).
        var june = new DateTimeOffset(2026, 6, 21, 3, 0, 0, TimeSpan.Zero);
        Assert.Null(ReadingPlausibility.ProducingAtNight(MeterRole.PvProduction, Reading(june, -2_000m), SiteLocation.Of("Europe/Vienna")));
        Assert.Equal("Inspection.PvAtNight", ReadingPlausibility.ProducingAtNight(MeterRole.PvProduction, Reading(june, -2_000m), SiteLocation.Of("Europe/Paris")));
    }

    [Fact]
    public void A_consumer_drawing_more_than_its_fuse_lets_through_is_implausible()
    {
        // 63 A: 3 x 230 V x 63 A = 43.5 kW, plus a tenth for short overloads and meter error.
        Assert.Null(ReadingPlausibility.AboveLimit(Reading(DecemberNoon, 45_000m), 63));
        Assert.Equal("Inspection.AboveLimit", ReadingPlausibility.AboveLimit(Reading(DecemberNoon, 48_000m), 63));
        Assert.Equal("Inspection.AboveLimit", ReadingPlausibility.AboveLimit(Reading(DecemberNoon, 5_000m, amps: 80m), 63));
        Assert.Equal(new MeterInspection("apt-1", InspectionStatus.Implausible, "Inspection.AboveLimit"),
            MeterInspector.Assess(Apartment, Reading(DecemberNoon, 60_000m), DecemberNoon, TimeSpan.FromSeconds(30), Site()));
    }

    [Fact]
    public void The_limit_is_the_smaller_of_the_meters_range_and_the_main_fuse()
    {
        Assert.Equal(63m, ReadingPlausibility.MaxCurrentA(ctRatio: null, mainFuseA: 63));
        Assert.Equal(100m, ReadingPlausibility.MaxCurrentA(ctRatio: null, mainFuseA: null));
        Assert.Equal(120m, ReadingPlausibility.MaxCurrentA(ctRatio: 100, mainFuseA: 400));
        Assert.Equal(250m, ReadingPlausibility.MaxCurrentA(ctRatio: 400, mainFuseA: 250));
    }

    [Fact]
    public void Counters_rising_sixty_times_faster_than_the_power_are_implausible()
    {
        var earlier = Reading(DecemberNoon, 600m, importKwh: 1000m);
        // 600 W for 60 s is 10 Wh; a simulator at 60x counts 600 Wh in that minute.
        var realTime = Reading(DecemberNoon.AddSeconds(60), 600m, importKwh: 1000.010m);
        var sixtyTimes = Reading(DecemberNoon.AddSeconds(60), 600m, importKwh: 1000.600m);

        Assert.Null(ReadingPlausibility.CountersFasterThanPower(earlier, realTime));
        Assert.Equal("Inspection.CountersTooFast", ReadingPlausibility.CountersFasterThanPower(earlier, sixtyTimes));
        Assert.Equal("Inspection.CountersTooFast", ReadingPlausibility.Check(MeterRole.Consumer, sixtyTimes, Site(earlier: earlier)));
    }

    [Fact]
    public void Counters_are_not_compared_over_a_gap_too_short_for_their_resolution()
    {
        var earlier = Reading(DecemberNoon, 100m, importKwh: 1000m);

        Assert.Null(ReadingPlausibility.CountersFasterThanPower(earlier, Reading(DecemberNoon.AddSeconds(3), 100m, importKwh: 1000.005m)));
    }

    [Fact]
    public void A_quarter_hour_with_more_energy_than_the_fuse_lets_through_is_implausible()
    {
        // 25 A: 3 x 230 x 25 x 1.1 = 19 kW at most, 4.7 kWh in a quarter-hour.
        var quarter = TimeSpan.FromMinutes(15);
        Assert.Null(ReadingPlausibility.IntervalBeyondLimit(new IntervalEnergy(4_500, 0, quarter), 25));
        Assert.Equal("Inspection.IntervalTooLarge", ReadingPlausibility.IntervalBeyondLimit(new IntervalEnergy(9_000, 0, quarter), 25));
        Assert.Equal("Inspection.IntervalTooLarge", ReadingPlausibility.Check(MeterRole.Consumer, Reading(DecemberNoon, 600m), Site(25, interval: new IntervalEnergy(9_000, 0, quarter))));
    }

    [Fact]
    public void A_silent_meter_behind_an_offline_gateway_is_blamed_on_the_gateway_not_its_wiring()
    {
        var offline = Site() with { GatewayOffline = true };

        Assert.Equal(new MeterInspection("apt-1", InspectionStatus.NotAnswering, "Inspection.GatewayOffline"), MeterInspector.Assess(Apartment, null, DecemberNoon, TimeSpan.FromSeconds(30), offline));
        Assert.Equal("Inspection.NotAnswering", MeterInspector.Assess(Apartment, null, DecemberNoon, TimeSpan.FromSeconds(30), Site()).Hint);
    }

    [Fact]
    public void A_gateway_is_offline_when_it_said_so_was_never_seen_or_fell_silent_for_three_heartbeats()
    {
        var now = DecemberNoon;
        Gateway Seen(bool online, TimeSpan ago) => new() { Id = "gw", IsOnline = online, LastSeenUtc = (now - ago).UtcDateTime };

        Assert.False(MeterInspector.GatewayOffline(Seen(true, TimeSpan.FromSeconds(5)), now));
        Assert.True(MeterInspector.GatewayOffline(Seen(false, TimeSpan.FromSeconds(5)), now));
        Assert.True(MeterInspector.GatewayOffline(Seen(true, TimeSpan.FromMinutes(4)), now));
        Assert.True(MeterInspector.GatewayOffline(new Gateway { Id = "gw", IsOnline = true }, now));
        Assert.True(MeterInspector.GatewayOffline(null, now));
    }
}
