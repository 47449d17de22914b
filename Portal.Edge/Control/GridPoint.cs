using Portal.Contracts.Control;

namespace Portal.Edge.Control;

/// <summary>
/// The site's grid connection point as the loop sees it this cycle: the sum of the introduction meters (a virtual
/// RCP has several). Unlike a peer that reads a missing value as 0 W, a missing or stale meter makes the whole
/// point invalid and the loop goes fail-safe; so do missing phase currents when the main fuse is protected.
/// <see cref="MeasuredAt"/> is the oldest of its readings (what the chargers' draw is estimated at).
/// </summary>
public sealed record GridPoint(bool Valid, decimal PowerW, PhaseCurrents? CurrentA, DateTimeOffset MeasuredAt = default)
{
    public static GridPoint Invalid { get; } = new(false, 0m, null);

    public static GridPoint From(ControlConfig config, IReadOnlyList<GridReading> readings, DateTimeOffset now)
    {
        if (config.GridMeterIds.Count == 0)
        {
            return Invalid;
        }

        var oldest = now.AddSeconds(-config.StaleAfterSeconds);
        var power = 0m;
        PhaseCurrents? currents = new(0m, 0m, 0m);
        var measuredAt = now;
        foreach (var meterId in config.GridMeterIds)
        {
            GridReading? reading = null;
            foreach (var candidate in readings)
            {
                if (candidate.MeterId == meterId && (reading is null || candidate.MeasuredAt > reading.MeasuredAt))
                {
                    reading = candidate;
                }
            }

            if (reading is null || reading.MeasuredAt < oldest)
            {
                return Invalid;
            }

            power += reading.PowerW;
            measuredAt = reading.MeasuredAt < measuredAt ? reading.MeasuredAt : measuredAt;
            currents = currents is not null && reading.CurrentA is { } c ? Electrical.Sum(currents, c) : null;
        }

        return config.LoadManagement is not null && currents is null ? Invalid : new GridPoint(true, power, currents, measuredAt);
    }
}
