namespace Portal.Energy;

/// <summary>
/// The solar allocation of one quarter-hour (BILLING.md ZEV-06, ZEV-07): solar used on site is what
/// was produced and consumed in the same quarter-hour, split among consumers in proportion to their
/// consumption; the rest of each consumer's energy came from the grid; what nobody used is surplus.
/// Integer Wh: each consumer's share is rounded so that the shares add up exactly to
/// min(production, consumption), the balance check of ZEV-07.
/// </summary>
public sealed record SolarAllocation(IReadOnlyDictionary<string, ConsumerShare> Consumers, long SurplusWh)
{
    public long SolarUsedWh => Consumers.Values.Sum(c => c.SolarWh);

    public long GridWh => Consumers.Values.Sum(c => c.GridWh);

    /// <summary>Allocates <paramref name="productionWh"/> among <paramref name="consumptionWh"/> (consumer key, Wh).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative production or consumption: counters that went backwards carry none.</exception>
    public static SolarAllocation Of(long productionWh, IReadOnlyDictionary<string, long> consumptionWh)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(productionWh);
        foreach (var (key, wh) in consumptionWh)
        {
            if (wh < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(consumptionWh), $"Consumer '{key}' has {wh} Wh; consumption is never negative.");
            }
        }

        var total = consumptionWh.Values.Sum();
        var solarUsed = Math.Min(productionWh, total);
        if (solarUsed == total)
        {
            // Enough sun for everyone (or nobody consumed): each consumer's energy is all solar.
            return new SolarAllocation(consumptionWh.ToDictionary(c => c.Key, c => new ConsumerShare(c.Value, 0)), productionWh - total);
        }

        // solarᵢ = Cᵢ · P / C, rounded down, then the Wh lost to rounding go one each to the largest remainders
        // (ties to the larger consumer, then by key, so the result never depends on dictionary order).
        var shares = consumptionWh
            .Select(c => (c.Key, Consumption: c.Value, Floor: Math.DivRem(c.Value * solarUsed, total, out var remainder), Remainder: remainder))
            .ToList();
        var left = solarUsed - shares.Sum(s => s.Floor);
        var extra = shares
            .OrderByDescending(s => s.Remainder).ThenByDescending(s => s.Consumption).ThenBy(s => s.Key, StringComparer.Ordinal)
            .Take((int)left)
            .Select(s => s.Key)
            .ToHashSet(StringComparer.Ordinal);
        return new SolarAllocation(
            shares.ToDictionary(s => s.Key, s =>
            {
                var solar = s.Floor + (extra.Contains(s.Key) ? 1 : 0);
                return new ConsumerShare(solar, s.Consumption - solar);
            }),
            SurplusWh: 0);
    }
}

/// <summary>One consumer's energy in a quarter-hour: from the site's PV and from the grid, in Wh.</summary>
public readonly record struct ConsumerShare(long SolarWh, long GridWh)
{
    public long ConsumedWh => SolarWh + GridWh;
}
