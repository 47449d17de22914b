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
        // (ties to the larger consumer, then by key, so the result never depends on dictionary order). Arrays, not
        // LINQ: a site's balance runs this for each of its quarter-hours (96 a day, 100 consumers each).
        var shares = new Share[consumptionWh.Count];
        var count = 0;
        var left = solarUsed;
        foreach (var (key, wh) in consumptionWh)
        {
            var floor = Math.DivRem(wh * solarUsed, total, out var remainder);
            shares[count++] = new Share(key, wh, floor, remainder);
            left -= floor;
        }

        var extra = new bool[count];
        if (left > 0)
        {
            var order = new int[count];
            for (var i = 0; i < count; i++)
            {
                order[i] = i;
            }

            Array.Sort(order, (a, b) => Share.LargestRemainderFirst(shares[a], shares[b]));
            for (var i = 0; i < left; i++)
            {
                extra[order[i]] = true;
            }
        }

        var consumers = new Dictionary<string, ConsumerShare>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var solar = shares[i].Floor + (extra[i] ? 1 : 0);
            consumers[shares[i].Key] = new ConsumerShare(solar, shares[i].Consumption - solar);
        }

        return new SolarAllocation(consumers, SurplusWh: 0);
    }

    private readonly record struct Share(string Key, long Consumption, long Floor, long Remainder)
    {
        public static int LargestRemainderFirst(Share a, Share b) =>
            a.Remainder != b.Remainder ? b.Remainder.CompareTo(a.Remainder)
            : a.Consumption != b.Consumption ? b.Consumption.CompareTo(a.Consumption)
            : string.CompareOrdinal(a.Key, b.Key);
    }
}

/// <summary>One consumer's energy in a quarter-hour: from the site's PV and from the grid, in Wh.</summary>
public readonly record struct ConsumerShare(long SolarWh, long GridWh)
{
    public long ConsumedWh => SolarWh + GridWh;
}
