namespace Portal.Edge.Control;

/// <summary>
/// The peak guard's view of the capacity tariff (BILLING.md section 4, BE-02): the import energy of the running
/// quarter-hour so far and, from it, the import power still allowed for the rest of the quarter so that its average
/// stays at the month's target. Quarter-hours are aligned to UTC, which matches local quarters in every zone whose
/// offset is a multiple of 15 minutes. Only import counts (the meter registers offtake and injection apart).
/// </summary>
public sealed class QuarterHourImport
{
    private static readonly TimeSpan Quarter = TimeSpan.FromMinutes(15);
    private DateTimeOffset _start = DateTimeOffset.MinValue;
    private DateTimeOffset? _lastAt;
    private decimal _lastImportW;

    public decimal EnergyWh { get; private set; }

    public static DateTimeOffset StartOf(DateTimeOffset now) =>
        new(now.UtcTicks - (now.UtcTicks % Quarter.Ticks), TimeSpan.Zero);

    /// <summary>Adds the grid power read now; the last power is held since the previous reading, split at the quarter boundary.</summary>
    public void Add(DateTimeOffset now, decimal gridPowerW)
    {
        var start = StartOf(now);
        if (start != _start)
        {
            EnergyWh = 0m;
        }

        if (_lastAt is { } last && now > last)
        {
            var from = last < start ? start : last;
            EnergyWh += _lastImportW * (decimal)(now - from).TotalSeconds / 3600m;
        }

        _start = start;
        _lastAt = now;
        _lastImportW = Math.Max(0m, gridPowerW);
    }

    /// <summary>Forgets the last power, so a gap in the readings adds nothing (the meter's own register is the truth).</summary>
    public void Interrupt() => _lastAt = null;

    /// <summary>The quarter's average import if the current grid power held to its end (BE-02 quarter-hour power).</summary>
    public decimal ForecastAverageW(DateTimeOffset now, decimal gridPowerW) =>
        (EnergyWh + (Math.Max(0m, gridPowerW) * (decimal)Remaining(now).TotalSeconds / 3600m)) * 4m;

    /// <summary>The import power allowed from now to the quarter's end for its average to stay at <paramref name="targetW"/>.</summary>
    public decimal AllowedImportW(DateTimeOffset now, int targetW)
    {
        var seconds = Math.Max(1m, (decimal)Remaining(now).TotalSeconds);
        return ((targetW / 4m) - EnergyWh) * 3600m / seconds;
    }

    private static TimeSpan Remaining(DateTimeOffset now) => StartOf(now) + Quarter - now;
}
