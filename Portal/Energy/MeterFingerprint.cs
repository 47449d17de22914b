namespace Portal.Energy;

/// <summary>
/// A 64-bit fingerprint of a quarter-hour's meter rows (meter, consumption, solar share, estimated), stored with the
/// site's quarter-hour (<see cref="SiteEnergy.MeterRowsFingerprint"/>): a recompute whose site row and fingerprint
/// equal the stored ones knows its meter rows are unchanged without reading them. Independent of the rows' order;
/// stable across processes (no <see cref="string.GetHashCode()"/>, which is randomised per process). Pure.
/// </summary>
public static class MeterFingerprint
{
    public static long Of(ReadOnlySpan<MeterEnergy> rows)
    {
        ulong sum = 0;
        foreach (var row in rows)
        {
            var hash = Mix(MeterIdHash(row.MeterId) ^ Mix((ulong)row.ConsumedWh) ^ Mix(Mix((ulong)row.SolarWh) + (ulong)row.EstimatedQuarterHours));
            sum += hash;
        }

        return (long)sum;
    }

    // FNV-1a over the id's UTF-16 code units.
    private static ulong MeterIdHash(string meterId)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in meterId)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    // The finaliser of SplitMix64: every input bit affects every output bit.
    private static ulong Mix(ulong value)
    {
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }
}
