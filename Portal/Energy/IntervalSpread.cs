using Portal.Contracts.Mqtt;

namespace Portal.Energy;

/// <summary>
/// Turns one meter's stored intervals into quarter-hour readings. A quarter-hour interval is read as it is. An
/// interval that spans several quarter-hours (the edge was off, so it measured the whole gap at once) is spread:
/// its energy, less what quarter-hour intervals inside the same span already hold (a replayed or merged delivery),
/// is shared evenly over its quarter-hours that have no interval of their own, in whole Wh, the Wh left by rounding
/// going one each to the earliest of them; those readings are marked estimated. Energy is never created or lost:
/// the readings of a span add up to its interval. A counter that went backwards carries no energy.
/// </summary>
public static class IntervalSpread
{
    /// <summary>
    /// Fills <paramref name="readings"/>, one slot per quarter-hour from <paramref name="fromUtc"/>, with what
    /// <paramref name="intervals"/> (one meter's, any order) say; quarter-hours outside the slots are ignored.
    /// </summary>
    public static void Fill(DateTime fromUtc, Span<MeterReading> readings, IReadOnlyList<StoredInterval> intervals)
    {
        var quarter = QuarterHour.Length.Ticks;
        int Slot(DateTime instant) => (int)((instant.Ticks - fromUtc.Ticks) / quarter);

        // Quarter-hour intervals first: they are measurements and win over a spread.
        foreach (var interval in intervals)
        {
            if (interval.EndUtc - interval.StartUtc == QuarterHour.Length && Slot(interval.StartUtc) is var slot && slot >= 0 && slot < readings.Length)
            {
                readings[slot] = interval.CounterWentBackwards
                    ? new MeterReading(0, 0, Estimated: false, CounterWentBackwards: true)
                    : new MeterReading(interval.ImportWh, interval.ExportWh, Estimated: false, CounterWentBackwards: false);
            }
        }

        foreach (var span in intervals)
        {
            if (span.EndUtc - span.StartUtc <= QuarterHour.Length)
            {
                continue;
            }

            var first = Slot(span.StartUtc);
            var count = (int)((span.EndUtc - span.StartUtc).Ticks / quarter);
            if (span.CounterWentBackwards)
            {
                for (var i = Math.Max(0, first); i < Math.Min(readings.Length, first + count); i++)
                {
                    readings[i] = readings[i].IsPresent ? readings[i] : new MeterReading(0, 0, Estimated: true, CounterWentBackwards: true);
                }

                continue;
            }

            // What the measured quarter-hours inside the span already account for, and which ones are left.
            long measuredImport = 0, measuredExport = 0;
            var open = 0;
            foreach (var inside in intervals)
            {
                if (inside.EndUtc - inside.StartUtc == QuarterHour.Length && inside.StartUtc >= span.StartUtc && inside.EndUtc <= span.EndUtc && !inside.CounterWentBackwards)
                {
                    measuredImport += inside.ImportWh;
                    measuredExport += inside.ExportWh;
                }
            }

            var covered = new bool[count];
            foreach (var inside in intervals)
            {
                if (inside.EndUtc - inside.StartUtc == QuarterHour.Length && inside.StartUtc >= span.StartUtc && inside.EndUtc <= span.EndUtc)
                {
                    covered[(int)((inside.StartUtc - span.StartUtc).Ticks / quarter)] = true;
                }
            }

            foreach (var isCovered in covered)
            {
                open += isCovered ? 0 : 1;
            }

            if (open == 0)
            {
                continue;
            }

            var import = Share(Math.Max(0, span.ImportWh - measuredImport), open);
            var export = Share(Math.Max(0, span.ExportWh - measuredExport), open);
            var nth = 0;
            for (var i = 0; i < count; i++)
            {
                if (covered[i])
                {
                    continue;
                }

                var slot = first + i;
                if (slot >= 0 && slot < readings.Length)
                {
                    readings[slot] = new MeterReading(import.Of(nth), export.Of(nth), Estimated: true, CounterWentBackwards: false);
                }

                nth++;
            }
        }
    }

    private static EvenShare Share(long total, int parts) => new(Math.DivRem(total, parts, out var rest), rest);

    /// <summary><c>Base</c> Wh each, one more for the first <c>Extra</c> parts.</summary>
    private readonly record struct EvenShare(long Base, long Extra)
    {
        public long Of(int part) => Base + (part < Extra ? 1 : 0);
    }
}
