using Portal.Contracts.Mqtt;
using Portal.Telemetry;

namespace Portal.Energy;

/// <summary>
/// A stored interval of one meter as data quality reads it, with the end of the meter's interval just before it in
/// the period (<paramref name="PreviousEndUtc"/>, null when none came before it): a start after that is a gap.
/// </summary>
public readonly record struct QualityInterval(DateTime StartUtc, DateTime EndUtc, bool CounterWentBackwards, DateTime? PreviousEndUtc = null);

/// <summary>
/// What one meter stored around a period. <see cref="Intervals"/> (by start) may leave out plain quarter-hours that
/// start where the interval before them ended, as long as each one kept carries its
/// <see cref="QualityInterval.PreviousEndUtc"/>, so a month of 3,000 quarter-hours arrives as the few that say something.
/// (A plain quarter-hour left out never reaches past the next interval, whose own previous end then says how far it reached.)
/// </summary>
/// <param name="FirstReportedUtc">Start of the meter's first interval ever; null: it never reported (nothing is missing then).</param>
/// <param name="CoveredUntilUtc">The latest end of the meter's intervals that overlap the period; null: none.</param>
public sealed record MeterQualityData(string MeterId, DateTime? FirstReportedUtc, IReadOnlyList<QualityInterval> Intervals, DateTime? CoveredUntilUtc);

/// <summary>
/// Finds a site's data-quality problems over a period from what is stored: per meter the quarter-hours missing,
/// counters that went backwards and merged gaps; per quarter-hour of the balance a high residual and an imbalance;
/// and the meters not answering now. Consecutive quarter-hours of one kind and meter merge into one finding. Pure.
/// </summary>
public static class DataQualityFinder
{
    /// <summary>
    /// A residual counts as high above this share of the site's consumption in the quarter-hour AND above
    /// <see cref="ResidualMinimumWh"/>. Unmetered loads and losses of a building (stairwell lights, cable losses)
    /// stay well below a tenth of its load; more points at a consumer meter missing from the plan, one not reporting or
    /// a CT on the wrong phase. The absolute floor keeps a quiet night quarter-hour (30 Wh consumed, 5 Wh residual)
    /// from counting: 100 Wh in a quarter-hour is 400 W all that time, more than any standby load.
    /// </summary>
    public const decimal ResidualShare = 0.10m;

    /// <summary>See <see cref="ResidualShare"/>.</summary>
    public const long ResidualMinimumWh = 100;

    /// <summary>The one rule for a high residual (see <see cref="ResidualShare"/>).</summary>
    public static bool IsHighResidual(long residualWh, long consumptionWh) =>
        Math.Abs(residualWh) > ResidualMinimumWh && Math.Abs(residualWh) > ResidualShare * Math.Max(0, consumptionWh);

    /// <summary>
    /// Quarter-hours starting before this are due: an answering meter has delivered them
    /// (<see cref="GatewayOverview.MeterSilentAfter"/> after their start, a quarter-hour and five minutes for delivery).
    /// </summary>
    public static DateTime DueBefore(DateTimeOffset now) =>
        QuarterHour.Floor(now - GatewayOverview.MeterSilentAfter + QuarterHour.Length).UtcDateTime;

    /// <summary>The missing quarter-hours, counters gone backwards and merged gaps of one meter within [from, to) up to <paramref name="dueBeforeUtc"/>.</summary>
    public static IEnumerable<DataQualityFinding> OfMeter(MeterQualityData meter, DateTime fromUtc, DateTime toUtc, DateTime dueBeforeUtc)
    {
        var findings = new List<DataQualityFinding>();
        var expectedFrom = meter.FirstReportedUtc is { } first && first > fromUtc ? first : fromUtc;
        var expectedTo = dueBeforeUtc < toUtc ? dueBeforeUtc : toUtc;
        var reach = expectedFrom;

        void Missing(DateTime start, DateTime end)
        {
            (start, end) = (Max(start, expectedFrom), Min(end, expectedTo));
            if (meter.FirstReportedUtc is not null && start < end)
            {
                findings.Add(Span(DataQualityKind.MissingQuarterHours, meter.MeterId, start, end));
            }
        }

        foreach (var interval in meter.Intervals)
        {
            reach = Max(reach, interval.PreviousEndUtc ?? reach);
            Missing(reach, interval.StartUtc);
            reach = Max(reach, interval.EndUtc);

            var (start, end) = (Max(interval.StartUtc, fromUtc), Min(interval.EndUtc, toUtc));
            if (start >= end)
            {
                continue;
            }

            if (interval.CounterWentBackwards)
            {
                findings.Add(Span(DataQualityKind.CounterWentBackwards, meter.MeterId, start, end));
            }
            else if (interval.EndUtc - interval.StartUtc > QuarterHour.Length)
            {
                findings.Add(Span(DataQualityKind.MergedGap, meter.MeterId, start, end));
            }
        }

        Missing(Max(reach, meter.CoveredUntilUtc ?? reach), expectedTo);
        return Merge(findings);
    }

    /// <summary>The quarter-hours of the balance (any order) with a high residual or an imbalance, as spans.</summary>
    public static IEnumerable<DataQualityFinding> OfBalance(IEnumerable<SiteEnergy> quarterHours)
    {
        var findings = new List<DataQualityFinding>();
        foreach (var quarter in quarterHours.OrderBy(q => q.StartUtc))
        {
            var end = quarter.StartUtc + QuarterHour.Length;
            if (IsHighResidual(quarter.ResidualWh, quarter.ConsumptionWh))
            {
                findings.Add(new(DataQualityKind.HighResidual, null, quarter.StartUtc, end, 1, quarter.ResidualWh));
            }

            if (quarter.ImbalanceWh != 0)
            {
                findings.Add(new(DataQualityKind.Imbalance, null, quarter.StartUtc, end, 1, quarter.ImbalanceWh));
            }
        }

        return Merge(findings);
    }

    /// <summary>A meter not answering now, by the one rule of <see cref="Commissioning.MeterInspector.NotAnswering"/> (the caller's list of silent meters).</summary>
    public static DataQualityFinding NotAnswering(string meterId, DateTimeOffset silentSince, DateTimeOffset now) =>
        new(DataQualityKind.NotAnswering, meterId, silentSince.UtcDateTime, now.UtcDateTime, 0);

    /// <summary>
    /// A review covers a finding of its kind and meter that lies within the reviewed span. A span that grew since (more
    /// quarter-hours missing) is a new problem and shows unreviewed again. A meter not answering is the same silence as
    /// long as it started at the same instant, however long it lasts.
    /// </summary>
    public static bool Covers(DataQualityReview review, DataQualityFinding finding) =>
        review.Kind == finding.Kind
        && string.Equals(review.MeterId, finding.MeterId, StringComparison.Ordinal)
        && review.StartUtc <= finding.StartUtc
        && (finding.Kind == DataQualityKind.NotAnswering ? review.StartUtc == finding.StartUtc : review.EndUtc >= finding.EndUtc);

    // Findings of one kind and meter whose spans touch become one: their quarter-hours and energy add up.
    private static List<DataQualityFinding> Merge(List<DataQualityFinding> findings)
    {
        var merged = new List<DataQualityFinding>();
        foreach (var finding in findings.OrderBy(f => f.Kind).ThenBy(f => f.MeterId, StringComparer.Ordinal).ThenBy(f => f.StartUtc))
        {
            if (merged.Count > 0 && merged[^1] is var last && last.Kind == finding.Kind && last.MeterId == finding.MeterId && finding.StartUtc <= last.EndUtc)
            {
                var end = Max(last.EndUtc, finding.EndUtc);
                merged[^1] = last with
                {
                    EndUtc = end,
                    QuarterHours = Quarters(last.StartUtc, end),
                    EnergyWh = last.EnergyWh is null && finding.EnergyWh is null ? null : (last.EnergyWh ?? 0) + (finding.EnergyWh ?? 0),
                };
            }
            else
            {
                merged.Add(finding);
            }
        }

        return merged;
    }

    private static DataQualityFinding Span(DataQualityKind kind, string meterId, DateTime start, DateTime end) =>
        new(kind, meterId, start, end, Quarters(start, end));

    private static int Quarters(DateTime start, DateTime end) => (int)((end - start).Ticks / QuarterHour.Length.Ticks);

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
