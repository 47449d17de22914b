namespace Portal.Billing;

/// <summary>A register value the portal read at an instant: a meter's first reading at commissioning, or its latest live one.</summary>
public readonly record struct RegisterAnchor(DateTime AtUtc, long ImportWh);

/// <summary>One stored interval of a meter: the import energy between two register readings.</summary>
public readonly record struct RegisterInterval(DateTime StartUtc, DateTime EndUtc, long ImportWh, bool CounterWentBackwards);

/// <summary>
/// A meter's import register at an instant (INV-04), from what the portal knows: a reading, plus (or minus) the
/// energy of the intervals between it and the instant. Known only when those intervals chain without a gap from the
/// reading exactly to the instant and no counter went backwards; otherwise null, never a guess. Pure.
/// </summary>
public static class MeterRegister
{
    /// <param name="intervals">The meter's intervals in ascending start order.</param>
    public static long? At(DateTime instantUtc, IEnumerable<RegisterAnchor> anchors, IReadOnlyList<RegisterInterval> intervals)
    {
        foreach (var anchor in anchors)
        {
            var value = anchor.AtUtc <= instantUtc
                ? Chain(anchor.AtUtc, instantUtc, intervals) is { } forward ? anchor.ImportWh + forward : (long?)null
                : Chain(instantUtc, anchor.AtUtc, intervals) is { } backward ? anchor.ImportWh - backward : null;
            if (value is not null)
            {
                return value;
            }
        }

        return null;
    }

    // The energy of the intervals that exactly tile [from, to), or null when they leave a gap or cannot be trusted.
    private static long? Chain(DateTime fromUtc, DateTime toUtc, IReadOnlyList<RegisterInterval> intervals)
    {
        var at = fromUtc;
        var sum = 0L;
        foreach (var interval in intervals)
        {
            if (at == toUtc)
            {
                break;
            }

            if (interval.EndUtc <= at)
            {
                continue;
            }

            if (interval.StartUtc != at || interval.EndUtc > toUtc || interval.CounterWentBackwards)
            {
                return null;
            }

            sum += interval.ImportWh;
            at = interval.EndUtc;
        }

        return at == toUtc ? sum : null;
    }
}
