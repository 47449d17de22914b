using Microsoft.Data.Sqlite;
using Portal.Data;

namespace Portal.Telemetry;

/// <summary>
/// The one place where quarter-hour intervals are stored, whoever delivers them (the edge through ingestion,
/// the demo history): idempotently, an interval already stored for (meter, start) is kept and never overwritten.
/// What they change of their site's energy balance is queued in the same transaction
/// (<see cref="Energy.EnergyRecalculation"/>), so no crash can leave a balance behind its intervals.
/// </summary>
public static class MeterIntervalWriter
{
    /// <summary>
    /// Inserts <paramref name="intervals"/> in the caller's <paramref name="transaction"/> with one prepared
    /// command and answers those actually stored, in order; duplicates of stored intervals are skipped.
    /// </summary>
    public static Task<IReadOnlyList<MeterInterval>> InsertAsync(SqliteTransaction transaction, IReadOnlyList<MeterInterval> intervals, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(intervals);
        if (intervals.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<MeterInterval>>([]);
        }

        using var insert = SqliteCommands.Prepare(transaction,
            "INSERT INTO MeterIntervals (MeterId, StartUtc, EndUtc, ImportWh, ExportWh, CounterWentBackwards, GatewayId, Sequence, ReceivedUtc) " +
            "VALUES ($meter, $start, $end, $import, $export, $backwards, $gateway, $sequence, $received) ON CONFLICT (MeterId, StartUtc) DO NOTHING;",
            "$meter", "$start", "$end", "$import", "$export", "$backwards", "$gateway", "$sequence", "$received");
        var stored = new List<MeterInterval>(intervals.Count);
        foreach (var interval in intervals)
        {
            SqliteCommands.Bind(insert, interval.MeterId, Seconds(interval.StartUtc), Seconds(interval.EndUtc), interval.ImportWh, interval.ExportWh,
                interval.CounterWentBackwards, interval.GatewayId, interval.Sequence, interval.ReceivedUtc);
            // Synchronous: Microsoft.Data.Sqlite runs the async variant synchronously anyway, plus a Task per row.
            ct.ThrowIfCancellationRequested();
            if (insert.ExecuteNonQuery() == 1)
            {
                stored.Add(interval);
            }
        }

        QueueBalances(transaction, stored);
        return Task.FromResult<IReadOnlyList<MeterInterval>>(stored);
    }

    // Instants are stored as whole Unix seconds (MeterIntervalConfiguration). Every interval lies on quarter-hours (the
    // contract's rule): a fraction of a second would be cut off and could put two intervals on one key, so it is refused.
    private static long Seconds(DateTime utc) =>
        utc.Ticks % TimeSpan.TicksPerSecond == 0
            ? UnixSecondsConverter.ToSeconds(utc)
            : throw new ArgumentException($"Interval instant {utc:O} has a fraction of a second; intervals lie on quarter-hours.", nameof(utc));

    // One queue entry per meter and call, spanning what it stored; the meter's site comes from the meter itself.
    private static void QueueBalances(SqliteTransaction transaction, List<MeterInterval> stored)
    {
        if (stored.Count == 0)
        {
            return;
        }

        using var queue = SqliteCommands.Prepare(transaction,
            "INSERT INTO EnergyRecalculations (SiteId, FromUtc, ToUtc) SELECT SiteId, $from, $to FROM Meters WHERE Id = $meter;",
            "$from", "$to", "$meter");
        foreach (var meter in stored.GroupBy(i => i.MeterId, StringComparer.Ordinal))
        {
            SqliteCommands.Bind(queue, UnixSecondsConverter.ToSeconds(meter.Min(i => i.StartUtc)), UnixSecondsConverter.ToSeconds(meter.Max(i => i.EndUtc)), meter.Key);
            queue.ExecuteNonQuery();
        }
    }
}
