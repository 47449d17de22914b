namespace Portal.Edge.Control;

/// <summary>
/// The grid-point energy over a rolling interval for Threshold relays (seed 003: "energy registered by the meter
/// within the set interval", import positive, injection negative). Integrates the net power cycle by cycle into a
/// running total and keeps the totals long enough for the longest interval.
/// </summary>
public sealed class GridEnergyLog
{
    private readonly List<(DateTimeOffset At, decimal TotalWh)> _samples = [];
    private readonly TimeSpan _keep;
    private int _first;
    private decimal _totalWh;
    private decimal _lastPowerW;

    public GridEnergyLog(TimeSpan longestInterval) => _keep = longestInterval;

    /// <summary>Adds the power read at <paramref name="at"/>; the energy since the last sample is the last power held until now.</summary>
    public void Add(DateTimeOffset at, decimal powerW)
    {
        if (_samples.Count > _first)
        {
            var last = _samples[^1].At;
            if (at <= last)
            {
                _lastPowerW = powerW;
                return;
            }

            _totalWh += _lastPowerW * (decimal)(at - last).TotalSeconds / 3600m;
        }

        _samples.Add((at, _totalWh));
        _lastPowerW = powerW;
        Trim(at);
    }

    /// <summary>Forgets everything (after a gap in the readings the interval must fill again).</summary>
    public void Clear()
    {
        _samples.Clear();
        _first = 0;
        _totalWh = 0m;
    }

    /// <summary>The energy over the last <paramref name="interval"/>, or null while the log does not yet cover it.</summary>
    public decimal? EnergyOver(TimeSpan interval, DateTimeOffset now)
    {
        if (_samples.Count == _first || _samples[_first].At > now - interval)
        {
            return null;
        }

        var from = now - interval;
        int lo = _first, hi = _samples.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (_samples[mid].At <= from)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return _samples[^1].TotalWh - _samples[lo].TotalWh;
    }

    private void Trim(DateTimeOffset now)
    {
        // Keep one sample at or before the window's start so the window stays covered.
        while (_first + 1 < _samples.Count && _samples[_first + 1].At <= now - _keep)
        {
            _first++;
        }

        if (_first > 4096 && _first > _samples.Count / 2)
        {
            _samples.RemoveRange(0, _first);
            _first = 0;
        }
    }
}
