using Portal.Contracts.Profiles;

namespace Portal.Simulator;

/// <summary>The weather over the site's PV: a clear day, or one with clouds passing irregularly.</summary>
public enum Sky
{
    Clear,
    Cloudy,
}

/// <summary>
/// Passing clouds over the PV on a cloudy day, as a pure function of (seed, instant): the share of the clear-sky PV
/// power that gets through. A cloud may start in any 2-minute slot (about one slot in four), stays 2-14 minutes,
/// and cuts PV to 10-40 % while it covers the array, with 30 s edges; clouds that overlap take the darker one. So a
/// cloudy day has bursts of full sun and minutes-long dips at irregular times, the same for the same seed, which is
/// what makes a surplus controller switch (and is where one that flaps or overshoots shows it). A clear day is 1.
/// </summary>
public static class CloudCover
{
    private static readonly TimeSpan Slot = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Edge = TimeSpan.FromSeconds(30);
    private const int MaxSlots = 7;
    private const double CloudChance = 0.25;

    public static double PvShare(Sky sky, int seed, DateTimeOffset time)
    {
        if (sky == Sky.Clear)
        {
            return 1;
        }

        var slot = time.UtcTicks / Slot.Ticks;
        var share = 1.0;
        for (var start = slot - MaxSlots; start <= slot; start++)
        {
            if (Unit(seed, start, 0) >= CloudChance)
            {
                continue;
            }

            var length = Slot.Ticks * (1 + (long)(Unit(seed, start, 1) * MaxSlots));
            var depth = 0.1 + 0.3 * Unit(seed, start, 2);
            var into = time.UtcTicks - start * Slot.Ticks;
            if (into < 0 || into >= length)
            {
                continue;
            }

            // 0 at the cloud's edges, 1 inside: PV ramps over 30 s instead of jumping.
            var cover = Math.Min(1, Math.Min(into, length - into) / (double)Edge.Ticks);
            share = Math.Min(share, 1 - cover * (1 - depth));
        }

        return share;
    }

    // The day model's hash on a channel of its own (meter -2: no meter), so clouds do not correlate with any load.
    private static double Unit(int seed, long slot, int channel) => LoadProfiles.UnitHash(seed, -2, 30 + channel, slot);
}
