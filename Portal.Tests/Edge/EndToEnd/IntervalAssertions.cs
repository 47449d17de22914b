using Portal.Contracts.Mqtt;
using Portal.Tests.Support;
using Xunit.Abstractions;

namespace Portal.Tests.Edge.EndToEnd;

/// <summary>
/// Checks of delivered intervals against the simulator's ground truth, shared by the edge and the
/// whole-chain tests. Tolerances are explained on <see cref="EdgeEndToEndTests"/>.
/// </summary>
internal static class IntervalAssertions
{
    public const decimal RegisterResolutionWh = 2m;

    /// <summary>
    /// Each interval starts where the previous ended: no gap, no overlap, up to <paramref name="end"/> (exactly, or,
    /// with <paramref name="orBeyond"/>, by an interval that spans it because the edge merged a missed boundary).
    /// </summary>
    public static void AssertContiguous(List<IntervalEnergyMessage> intervals, DateTimeOffset end, bool orBeyond = false)
    {
        Assert.NotEmpty(intervals);
        for (var i = 1; i < intervals.Count; i++)
        {
            Assert.True(intervals[i].IntervalStart == intervals[i - 1].IntervalEnd,
                $"{intervals[i].MeterId}: {intervals[i - 1].IntervalStart:t}-{intervals[i - 1].IntervalEnd:t} is followed by {intervals[i].IntervalStart:t}-{intervals[i].IntervalEnd:t}");
        }

        if (orBeyond)
        {
            Assert.True(intervals[^1].IntervalEnd >= end, $"{intervals[^1].MeterId} ends at {intervals[^1].IntervalEnd:t}, before {end:t}");
        }
        else
        {
            Assert.Equal(end, intervals[^1].IntervalEnd);
        }
    }

    public static void AssertMatchesGroundTruth(ITestOutputHelper output, TelemetryChain site, byte unitId, List<IntervalEnergyMessage> intervals)
    {
        var meterId = TelemetryChain.MeterId(unitId);
        var truth = site.GroundTruth(unitId);
        var live = site.StandIn.Live.Where(l => l.MeterId == meterId).OrderBy(l => l.MeasuredAt).ToList();
        var withinResolution = 0;
        var worst = 0m;
        foreach (var interval in intervals)
        {
            var quarters = Enumerable.Range(0, interval.Quarters()).Select(q => interval.IntervalStart + (QuarterHour.Length * q)).ToList();
            var expectedImport = quarters.Sum(q => truth[q].ImportWh);
            var expectedExport = quarters.Sum(q => truth[q].ExportWh);
            var tolerance = RegisterResolutionWh + (2 * (ReadOffsetEnergy(live, interval.IntervalStart) + ReadOffsetEnergy(live, interval.IntervalEnd)));
            var error = Math.Max(Math.Abs(interval.ImportWh - expectedImport), Math.Abs(interval.ExportWh - expectedExport));
            Assert.False(error > tolerance,
                $"{meterId} {interval.IntervalStart:t}-{interval.IntervalEnd:t}: import {interval.ImportWh} Wh vs {expectedImport:0.0}, export {interval.ExportWh} Wh vs {expectedExport:0.0}; tolerance {tolerance:0.0} Wh");
            if (error > RegisterResolutionWh || interval.SpansMissedQuarters)
            {
                output.WriteLine($"  {meterId} {interval.IntervalStart:t}-{interval.IntervalEnd:t}: off by {error:0.0} Wh (tolerance {tolerance:0.0} Wh)");
            }

            withinResolution += error <= RegisterResolutionWh ? 1 : 0;
            worst = Math.Max(worst, error);
        }

        // Register differences telescope: the sum over all intervals is the last register minus the first, so it
        // must match the truth within the offsets at the two outer boundaries alone; nothing lost, nothing twice.
        var allQuarters = Enumerable.Range(0, (int)((intervals[^1].IntervalEnd - intervals[0].IntervalStart).Ticks / QuarterHour.Length.Ticks))
            .Select(q => intervals[0].IntervalStart + (QuarterHour.Length * q)).ToList();
        var totalTolerance = RegisterResolutionWh + (2 * (ReadOffsetEnergy(live, intervals[0].IntervalStart) + ReadOffsetEnergy(live, intervals[^1].IntervalEnd)));
        var totalImportError = Math.Abs(intervals.Sum(i => i.ImportWh) - allQuarters.Sum(q => truth[q].ImportWh));
        var totalExportError = Math.Abs(intervals.Sum(i => i.ExportWh) - allQuarters.Sum(q => truth[q].ExportWh));
        Assert.True(totalImportError <= totalTolerance && totalExportError <= totalTolerance,
            $"{meterId} total: import off by {totalImportError:0.0} Wh, export by {totalExportError:0.0} Wh; tolerance {totalTolerance:0.0} Wh");

        output.WriteLine($"{meterId}: {intervals.Count} intervals, {withinResolution} within {RegisterResolutionWh} Wh of the ground truth, worst {worst:0.0} Wh");
    }

    /// <summary>Energy that flowed between a boundary and the reading taken for it (the first live reading after it).</summary>
    private static decimal ReadOffsetEnergy(List<LiveReadingMessage> live, DateTimeOffset boundary)
    {
        var snapshot = live.FirstOrDefault(l => l.MeasuredAt >= boundary);
        return snapshot is null
            ? 1_000_000m
            : Math.Abs(snapshot.ActivePowerW) * (decimal)(snapshot.MeasuredAt - boundary + SchedulingAllowance).TotalHours;
    }

    /// <summary>
    /// A reading is stamped when its request starts; the simulator samples its registers when it answers. On a busy
    /// two-core machine that gap can reach a few real milliseconds, which at 600x is several simulated seconds.
    /// </summary>
    private static readonly TimeSpan SchedulingAllowance = TimeSpan.FromSeconds(10);
}
