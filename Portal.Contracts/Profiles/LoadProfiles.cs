using Portal.Contracts.Solar;

namespace Portal.Contracts.Profiles;

/// <summary>
/// The day model: deterministic power profiles (watts per phase, positive = consumption) as pure functions of the
/// site's local time. Shared by the site simulator (live registers) and the portal's demo history (past quarter-hours),
/// so both show the same building. Noise comes from a hash of (seed, meter, channel, minute), interpolated so
/// that power moves smoothly and the same seed always gives the same day.
/// </summary>
public static class LoadProfiles
{
    /// <summary>Bern: where a site of ours is when nothing else is said.</summary>
    public const double SwissLatitude = 46.95;

    public const double SwissLongitude = 7.45;

    public static (double L1, double L2, double L3) PhasePower(
        LoadKind kind, int meterIndex, int seed, DateTimeOffset localTime, double pvPeakWatts, double latitude = SwissLatitude, double longitude = SwissLongitude)
    {
        var hour = localTime.TimeOfDay.TotalHours;
        var minutes = (localTime - DateTimeOffset.UnixEpoch.ToOffset(localTime.Offset)).TotalMinutes;
        double Noise(int channel, double periodMinutes = 1) => SmoothNoise(seed, meterIndex, channel, minutes / periodMinutes);

        switch (kind)
        {
            case LoadKind.PvProduction:
                {
                    // Follows the sun at the site (season, time of day), scaled down by passing clouds.
                    var elevation = SolarPosition.ElevationDegrees(localTime, latitude, longitude);
                    var clouds = 0.8 + 0.2 * Noise(1, 7);
                    var perPhase = pvPeakWatts / 3 * SolarPosition.ClearSkyShare(elevation) * clouds;

                    // At night the inverter draws a few watts of standby from the grid.
                    return perPhase > 5 ? (-perPhase, -perPhase, -perPhase) : (3, 3, 3);
                }

            case LoadKind.Household:
                {
                    var variety = 0.7 + 0.6 * Unit(Hash(seed, meterIndex, 99, 0));
                    var baseLoad = 120 + 80 * variety;
                    var morning = 1000 * variety * Gaussian(hour, 7.2, 0.7);
                    var evening = 1900 * variety * Gaussian(hour, 19.0, 1.4);
                    var appliances = Math.Max(0, Noise(2, 3)) * 600 * variety;
                    var total = Math.Max(40, (baseLoad + morning + evening + appliances) * (1 + 0.1 * Noise(3)));

                    // Apartments are three-phase but most loads hang on one phase, rotating by meter.
                    var main = total * 0.6;
                    var rest = total * 0.2;
                    return (meterIndex % 3) switch
                    {
                        0 => (main, rest, rest),
                        1 => (rest, main, rest),
                        _ => (rest, rest, main),
                    };
                }

            case LoadKind.HeatPump:
                {
                    // Cycles within each hour; colder hours (night, early morning) mean longer cycles.
                    var duty = 0.45 + 0.3 * Math.Cos(2 * Math.PI * (hour - 4) / 24);
                    var running = (localTime.Minute + 60 * Unit(Hash(seed, meterIndex, 5, 0))) % 60 < duty * 60;
                    var perPhase = running ? 1150 * (1 + 0.03 * Noise(4)) : 10;
                    return (perPhase, perPhase, perPhase);
                }

            case LoadKind.EvCharger:
                {
                    // An evening session of 2-4 h at 11 kW and a midday top-up at 3.7 kW.
                    var eveningLength = 2 + 2 * Unit(Hash(seed, meterIndex, 6, 0));
                    var perPhase = hour >= 18 && hour < 18 + eveningLength ? 3660.0
                        : hour is >= 11.5 and < 13.5 ? 1230.0
                        : 2.0;
                    return (perPhase, perPhase, perPhase);
                }

            default:
                return (0, 0, 0);
        }
    }

    /// <summary>Line voltage around 230 V: a slow daily swing, lower under load, a little noise.</summary>
    public static double Voltage(int seed, int meterIndex, int phase, DateTimeOffset localTime, double phasePower)
    {
        var minutes = (localTime - DateTimeOffset.UnixEpoch.ToOffset(localTime.Offset)).TotalMinutes;
        var daily = 2.5 * Math.Sin(2 * Math.PI * (localTime.TimeOfDay.TotalHours - 9) / 24 + phase);
        return 230 + daily - phasePower / 2000 + 0.8 * SmoothNoise(seed, meterIndex, 10 + phase, minutes * 4);
    }

    /// <summary>Grid frequency: the same for every meter of the site, within +-0.05 Hz of 50 Hz.</summary>
    public static double Frequency(int seed, DateTimeOffset time) =>
        50 + 0.04 * SmoothNoise(seed, -1, 20, (time - DateTimeOffset.UnixEpoch).TotalMinutes * 6);

    private static double Gaussian(double x, double mean, double sigma) => Math.Exp(-0.5 * Math.Pow((x - mean) / sigma, 2));

    /// <summary>Value noise in [-1, 1], linear between integer knots.</summary>
    private static double SmoothNoise(int seed, int meter, int channel, double position)
    {
        var knot = (long)Math.Floor(position);
        var fraction = position - knot;
        var a = Unit(Hash(seed, meter, channel, knot)) * 2 - 1;
        var b = Unit(Hash(seed, meter, channel, knot + 1)) * 2 - 1;
        return a + (b - a) * fraction;
    }

    /// <summary>A uniform number in [0, 1) from (seed, meter, channel, knot): the same inputs always give the same number.</summary>
    public static double UnitHash(int seed, int meter, int channel, long knot) => Unit(Hash(seed, meter, channel, knot));

    private static double Unit(ulong hash) => (hash >> 11) * (1.0 / (1UL << 53));

    private static ulong Hash(int seed, int meter, int channel, long knot)
    {
        // SplitMix64 finaliser over the packed inputs: cheap, stateless and well spread.
        var x = (ulong)knot * 0x9E3779B97F4A7C15UL ^ (ulong)(uint)seed << 40 ^ (ulong)(uint)meter << 20 ^ (ulong)(uint)channel;
        x ^= x >> 30;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 27;
        x *= 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return x;
    }
}
