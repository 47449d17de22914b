namespace Portal.Billing;

/// <summary>Energy in whole Wh split by where it came from (solar or grid, ZEV-07) and by tariff window (HT/NT, ZEV-16).</summary>
public readonly record struct EnergySplit(long SolarHighWh, long SolarLowWh, long GridHighWh, long GridLowWh)
{
    public long SolarWh => SolarHighWh + SolarLowWh;

    public long GridWh => GridHighWh + GridLowWh;

    public long TotalWh => SolarWh + GridWh;

    public bool IsZero => SolarHighWh == 0 && SolarLowWh == 0 && GridHighWh == 0 && GridLowWh == 0;

    /// <summary>One quarter-hour's solar and grid energy, in the window it fell in.</summary>
    public static EnergySplit Of(bool highTariff, long solarWh, long gridWh) =>
        highTariff ? new(solarWh, 0, gridWh, 0) : new(0, solarWh, 0, gridWh);

    public EnergySplit Plus(EnergySplit other) =>
        new(SolarHighWh + other.SolarHighWh, SolarLowWh + other.SolarLowWh, GridHighWh + other.GridHighWh, GridLowWh + other.GridLowWh);

    /// <summary>
    /// Shares of this energy for <paramref name="parts"/> equal parts, in whole Wh: each component is divided evenly
    /// and the Wh left over go one each to the first parts, so the shares add up to this exactly.
    /// </summary>
    public EnergySplit[] SplitEvenly(int parts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        var shares = new EnergySplit[parts];
        var solarHigh = Even(SolarHighWh, parts);
        var solarLow = Even(SolarLowWh, parts);
        var gridHigh = Even(GridHighWh, parts);
        var gridLow = Even(GridLowWh, parts);
        for (var i = 0; i < parts; i++)
        {
            shares[i] = new(solarHigh[i], solarLow[i], gridHigh[i], gridLow[i]);
        }

        return shares;
    }

    private static long[] Even(long wh, int parts)
    {
        var share = wh / parts;
        var left = wh - (share * parts);
        var shares = new long[parts];
        for (var i = 0; i < parts; i++)
        {
            // A negative total (a credit) hands out its remainder the same way, with the sign.
            shares[i] = share + (i < Math.Abs(left) ? Math.Sign(left) : 0);
        }

        return shares;
    }
}
