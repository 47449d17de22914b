using Microsoft.Extensions.Time.Testing;
using Portal.Simulator;

namespace Portal.Tests.Simulator;

/// <summary>The cloudy day of the simulator (<see cref="CloudCover"/>): deterministic per seed, irregular, clearly darker.</summary>
public sealed class CloudCoverTests
{
    private static readonly DateTimeOffset Midsummer = new(2026, 6, 21, 0, 0, 0, TimeSpan.FromHours(1));

    [Fact]
    public void The_same_seed_gives_the_same_clouds_and_another_seed_other_clouds()
    {
        var minutes = Enumerable.Range(0, 24 * 60).Select(m => Midsummer.AddMinutes(m).AddSeconds(17)).ToList();

        var first = minutes.Select(t => CloudCover.PvShare(Sky.Cloudy, 3, t)).ToList();
        var again = minutes.Select(t => CloudCover.PvShare(Sky.Cloudy, 3, t)).ToList();
        var other = minutes.Select(t => CloudCover.PvShare(Sky.Cloudy, 4, t)).ToList();

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.All(minutes, t => Assert.Equal(1, CloudCover.PvShare(Sky.Clear, 3, t)));
    }

    [Fact]
    public void Passing_clouds_cut_PV_to_10_to_40_percent_for_minutes_at_a_time_at_irregular_intervals()
    {
        var shares = Enumerable.Range(0, 24 * 3600 / 10).Select(i => CloudCover.PvShare(Sky.Cloudy, 3, Midsummer.AddSeconds(10 * i))).ToList();
        Assert.All(shares, s => Assert.InRange(s, 0.1, 1));

        // Runs of deep shade (under 45 %), in 10 s samples, and the sunny gaps between them.
        var dips = new List<(int Start, int Length)>();
        for (var i = 0; i < shares.Count; i++)
        {
            if (shares[i] < 0.45 && (i == 0 || shares[i - 1] >= 0.45))
            {
                var end = i;
                while (end < shares.Count && shares[end] < 0.45)
                {
                    end++;
                }

                dips.Add((i, end - i));
            }
        }

        Assert.InRange(dips.Count, 40, 400);
        // Overlapping clouds make the odd longer bank, never an overcast day.
        Assert.All(dips, d => Assert.InRange(d.Length * 10, 60, 60 * 60));
        Assert.Contains(dips, d => d.Length * 10 >= 5 * 60);
        var gaps = dips.Zip(dips.Skip(1), (a, b) => b.Start - (a.Start + a.Length)).ToList();
        var mean = gaps.Average();
        var spread = Math.Sqrt(gaps.Average(g => (g - mean) * (g - mean)));
        Assert.True(spread > 0.5 * mean, $"the sunny gaps between clouds are too regular: {string.Join(", ", gaps.Select(g => g * 10))} s");
        Assert.Contains(shares, s => s == 1);
    }

    [Fact]
    public void A_cloudy_day_produces_clearly_less_PV_energy_than_the_same_clear_day()
    {
        var clear = PvExportKWh(Sky.Clear);
        var cloudy = PvExportKWh(Sky.Cloudy);
        var unsaid = PvExportKWh(sky: null);

        Assert.Equal(clear, unsaid);
        Assert.InRange(clear, 100m, 250m);
        Assert.InRange(cloudy, 0.3m * clear, 0.8m * clear);
    }

    /// <summary>A midsummer day's PV energy (meter 2, 30 kW peak) from the simulator's ground truth.</summary>
    private static decimal PvExportKWh(Sky? sky)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var options = new SiteSimulationOptions { Meters = 3, Seed = 3, Step = TimeSpan.FromSeconds(20) };
        var site = new SiteSimulation(sky is { } s ? options with { Sky = s } : options, new SimulationClock(clock, Midsummer, speed: 1));
        clock.Advance(TimeSpan.FromDays(1));
        return site.GroundTruth(new SimulatedMeterAddress(0, 2)).Sum(q => q.ExportKWh);
    }
}
