using Microsoft.Extensions.Time.Testing;
using Portal.Contracts.Profiles;
using Portal.Modbus;
using Portal.Simulator;

namespace Portal.Tests.Simulator;

/// <summary>
/// The demo site as the run command starts it (two converters, ten meters, 30 kW of PV, real time) looks like a
/// real building: no PV before a December sunrise, apartments between a few hundred watts and a few kilowatts.
/// </summary>
public sealed class DemoSiteRealismTests
{
    private static readonly DateTimeOffset DecemberDawn = new(2026, 12, 1, 7, 15, 0, TimeSpan.FromHours(1));

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UnixEpoch);

    private SiteSimulation Demo(DateTimeOffset start)
    {
        // portal.sh: --ports 2 --meters 10 --speed 1; the demo seeder declares 30 kW of PV.
        var options = SimulatorCommandLine.Parse(["--ports", "2", "--meters", "10", "--speed", "1"]);
        Assert.Equal(1, options.Speed);
        return new SiteSimulation(options.Site, new SimulationClock(_clock, start, options.Speed));
    }

    [Fact]
    public void The_run_commands_simulator_runs_in_real_time_unless_told_otherwise()
    {
        Assert.Equal(1, SimulatorCommandLine.Parse([]).Speed);
        var script = File.ReadAllText(Path.Combine(Support.RepositoryPaths.Root, "portal.sh"));
        Assert.Contains("--meters 10 --speed 1 ", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Pv_is_near_zero_at_a_December_dawn_and_follows_the_sun_through_the_day()
    {
        var site = Demo(DecemberDawn);
        var pv = site.Meters.Single(m => m.Role == LoadKind.PvProduction);

        Assert.InRange(TotalPower(site, pv), -50, 20);
        _clock.Advance(TimeSpan.FromHours(4.5)); // 11:45, near the winter noon
        var noon = TotalPower(site, pv);
        Assert.InRange(noon, -12_000, -3_000);
        _clock.Advance(TimeSpan.FromHours(5.5)); // 17:15, dark again
        Assert.InRange(TotalPower(site, pv), -50, 20);
    }

    [Fact]
    public void Apartments_draw_a_few_hundred_watts_to_a_few_kilowatts_and_quarter_hours_match()
    {
        var site = Demo(DecemberDawn);
        var apartments = site.Meters.Where(m => m.Role == LoadKind.Household).ToList();
        Assert.NotEmpty(apartments);

        for (var step = 0; step < 96; step++)
        {
            foreach (var apartment in apartments)
            {
                Assert.InRange(TotalPower(site, apartment), 40, 6_000);
            }

            _clock.Advance(TimeSpan.FromMinutes(15));
        }

        // A whole day in real time: no apartment quarter-hour above 1.5 kWh (6 kW for fifteen minutes).
        foreach (var apartment in apartments)
        {
            var quarters = site.GroundTruth(apartment.Address);
            Assert.True(quarters.Count >= 96);
            Assert.All(quarters, q => Assert.InRange(q.ImportKWh, 0m, 1.5m));
            var day = quarters.Sum(q => q.ImportKWh);
            Assert.InRange(day, 3m, 25m);
        }
    }

    private static float TotalPower(SiteSimulation site, SimulatedMeter meter) =>
        RegisterWords.ToFloat32(site.InputRegisters(meter.Address.Port, meter.Address.UnitId)!, 0x0034);
}
