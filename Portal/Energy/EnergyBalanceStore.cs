using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Portal.Contracts.Mqtt;
using Portal.Data;
using Portal.Commissioning;
using Portal.Hosting;
using Portal.Sites;

namespace Portal.Energy;

/// <summary>
/// Computes and stores the quarter-hour balances (<see cref="QuarterHourBalance"/>) of the ranges queued in
/// <see cref="EnergyRecalculation"/> and keeps the hour, day and month roll-ups of the site and its meters equal to
/// the sums of their quarter-hours. Each range is replaced in one transaction, and its queue entries are deleted in
/// the same one, so a crash leaves the range queued, never half written. Plain ADO.NET: it runs for every batch.
/// </summary>
public sealed partial class EnergyBalanceStore(
    PortalPaths paths,
    IDbContextFactory<PortalDbContext> contexts,
    EnergyBalanceSignal signal,
    ILogger<EnergyBalanceStore> logger) : IDisposable
{
    /// <summary>Longest range computed at once (memory); longer ones are cut into such chunks.</summary>
    public static readonly TimeSpan ChunkLength = TimeSpan.FromDays(31);

    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    // Kept open between catch-ups (used one at a time, under _oneAtATime): opening a connection and reading the
    // schema again cost about as much as recomputing a late interval's quarter-hour.
    private SqliteConnection? _connection;

    /// <summary>Where the last range's recompute spent its time (the benchmark reports it).</summary>
    public RecomputeTimings? LastRecompute { get; private set; }

    /// <summary>
    /// Opens a connection for reading a year of intervals (this store, the CSV export): the file is mapped into
    /// memory, so the interval rows an index points to (scattered over the file, since they are stored in arrival
    /// order) are read without a system call each. A reader that meets the writer's lock (a checkpoint, a recovery)
    /// waits up to 5 s, also in statements stepped through SQLitePCL itself (<see cref="MeterIntervalReader"/>).
    /// </summary>
    public static async Task<SqliteConnection> OpenForIntervalsAsync(string databasePath, CancellationToken ct)
    {
        var connection = new SqliteConnection(PortalDatabase.ConnectionString(databasePath));
        await connection.OpenAsync(ct);
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 5000; PRAGMA mmap_size = 1073741824;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>
    /// Computes a whole site's history again, e.g. after its type, its time zone or a meter's role changed: its stored
    /// balances and roll-ups are dropped and the span of its intervals queued, in one transaction. A recompute only
    /// writes what differs from the stored rows and moves roll-ups by differences, so buckets of another zone (other
    /// midnights) would otherwise never be built. Waits for a running catch-up, which could otherwise add its
    /// differences to rows dropped under it.
    /// </summary>
    public async Task QueueSiteAsync(Guid siteId, CancellationToken ct = default)
    {
        await _oneAtATime.WaitAsync(ct);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var meters = db.Meters.Where(m => m.SiteId == siteId).Select(m => m.Id);
            var span = await db.MeterIntervals.Where(i => meters.Contains(i.MeterId))
                .GroupBy(_ => 1).Select(g => new { From = g.Min(i => i.StartUtc), To = g.Max(i => i.EndUtc) }).SingleOrDefaultAsync(ct);
            if (span is null)
            {
                return;
            }

            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.SiteEnergy.Where(e => e.SiteId == siteId).ExecuteDeleteAsync(ct);
            await db.MeterEnergy.Where(e => e.SiteId == siteId).ExecuteDeleteAsync(ct);
            db.EnergyRecalculations.Add(new EnergyRecalculation { SiteId = siteId, FromUtc = span.From, ToUtc = span.To });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        finally
        {
            _oneAtATime.Release();
        }

        signal.Nudge();
    }

    /// <summary>Computes everything queued; answers how many quarter-hour balances were written.</summary>
    public async Task<int> CatchUpAsync(CancellationToken ct = default)
    {
        await _oneAtATime.WaitAsync(ct);
        try
        {
            var written = 0;
            var connection = _connection ??= await OpenForIntervalsAsync(paths.DatabasePath, ct);
            try
            {
                while (ReadQueue(connection) is { Count: > 0 } queued)
                {
                    foreach (var (siteId, ranges) in Merge(queued))
                    {
                        foreach (var range in ranges)
                        {
                            written += await RecomputeAsync(connection, siteId, range.From, range.To, range.Ids, ct);
                        }
                    }
                }
            }
            catch
            {
                // A failed range stays queued; the next catch-up starts on a fresh connection.
                await connection.DisposeAsync();
                _connection = null;
                throw;
            }

            return written;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private sealed record Queued(long Id, Guid SiteId, DateTime From, DateTime To);

    private sealed record Range(DateTime From, DateTime To, List<long> Ids);

    private static List<Queued> ReadQueue(SqliteConnection connection)
    {
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT Id, SiteId, FromUtc, ToUtc FROM EnergyRecalculations ORDER BY Id LIMIT 10000;";
        using var reader = read.ExecuteReader();
        var queued = new List<Queued>();
        while (reader.Read())
        {
            queued.Add(new Queued(reader.GetInt64(0), reader.GetGuid(1), UnixSecondsConverter.FromSeconds(reader.GetInt64(2)), UnixSecondsConverter.FromSeconds(reader.GetInt64(3))));
        }

        return queued;
    }

    // Ranges of a site that overlap or touch are computed once; a long one is cut into chunks (the last chunk
    // carries the queue ids, so they are deleted only once the whole range is written).
    private static IEnumerable<(Guid SiteId, List<Range> Ranges)> Merge(List<Queued> queued)
    {
        foreach (var site in queued.GroupBy(q => q.SiteId))
        {
            var merged = new List<Range>();
            foreach (var q in site.OrderBy(q => q.From))
            {
                var from = QuarterHour.Floor(new DateTimeOffset(q.From, TimeSpan.Zero)).UtcDateTime;
                var to = Ceiling(q.To);
                if (merged.Count > 0 && from <= merged[^1].To)
                {
                    var last = merged[^1];
                    merged[^1] = last with { To = to > last.To ? to : last.To };
                    last.Ids.Add(q.Id);
                }
                else
                {
                    merged.Add(new Range(from, to, [q.Id]));
                }
            }

            var chunks = new List<Range>();
            foreach (var range in merged)
            {
                for (var start = range.From; start < range.To; start += ChunkLength)
                {
                    var end = start + ChunkLength >= range.To ? range.To : start + ChunkLength;
                    chunks.Add(new Range(start, end, end == range.To ? range.Ids : []));
                }
            }

            yield return (site.Key, chunks);
        }
    }

    private async Task<int> RecomputeAsync(SqliteConnection connection, Guid siteId, DateTime from, DateTime to, List<long> queueIds, CancellationToken ct)
    {
        if (ReadSite(connection, siteId) is not var (topology, zone))
        {
            // The site was deleted; its queue entries went with it (cascade).
            return 0;
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var intervals = MeterIntervalReader.Load(connection, topology, ref from, ref to);
        var read = clock.Elapsed;
        var count = (int)((to - from).Ticks / QuarterHour.Length.Ticks);
        var readings = new MeterReading[topology.Meters.Count][];
        for (var m = 0; m < readings.Length; m++)
        {
            readings[m] = new MeterReading[count];
            IntervalSpread.Fill(from, readings[m], intervals.Meters[m]);
        }

        var balances = new List<SiteEnergy>(count);
        var meterRows = new List<MeterEnergy>(count * topology.Meters.Count);
        var slice = new MeterReading[topology.Meters.Count];
        var expected = new bool[topology.Meters.Count];
        for (var q = 0; q < count; q++)
        {
            var start = from + (QuarterHour.Length * q);
            var any = false;
            for (var m = 0; m < slice.Length; m++)
            {
                slice[m] = readings[m][q];
                any |= slice[m].IsPresent;
                expected[m] = intervals.HasReportedBy(m, start);
            }

            if (any)
            {
                var first = meterRows.Count;
                var balance = QuarterHourBalance.Of(topology, start, slice, expected, meterRows);
                balance.MeterRowsFingerprint = MeterFingerprint.Of(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(meterRows)[first..]);
                balances.Add(balance);
            }
        }

        // Compared with the stored rows before the write transaction: this store, one range at a time, is the only
        // writer of SiteEnergy and MeterEnergy, and a read inside it would have to become a write later (busy in WAL).
        IReadOnlySet<string> consumers = topology.IsSingleConsumer ? new HashSet<string>() : topology.Meters.Where(m => m.IsConsumer).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        var changes = QuarterHourChanges.Between(EnergyRowReader.SiteQuarterHours(connection, siteId, from, to), balances,
            starts => EnergyRowReader.MeterQuarterHours(connection, siteId, starts), meterRows, consumers);
        var computed = clock.Elapsed - read;
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        // Stored intervals are never deleted, so a quarter-hour with a balance keeps one, and only meters that
        // stopped being consumption meters leave rows behind, which RollUp deletes.
        EnergyRowWriter.Sites(transaction, siteId, EnergyResolution.QuarterHour, changes.Sites);
        EnergyRowWriter.Meters(transaction, siteId, EnergyResolution.QuarterHour, changes.Meters);
        var written = clock.Elapsed;
        RollUp(transaction, topology, from, to, zone, changes, consumers);
        Dequeue(connection, transaction, queueIds);
        var rolledUp = clock.Elapsed;
        await transaction.CommitAsync(ct);
        LastRecompute = new RecomputeTimings(read, computed, written - read - computed, rolledUp - written, clock.Elapsed - rolledUp, changes.Sites.Count + changes.Meters.Count);
        LogRecomputed(siteId, from, to, balances.Count);
        return balances.Count;
    }

    // The site's type and zone and its meters ordered by id, read on the store's own connection (an EF context per
    // recompute cost more than the day's balance). Enums are stored by name, ids as EF writes them.
    private static (BalanceTopology Topology, TimeZoneInfo Zone)? ReadSite(SqliteConnection connection, Guid siteId)
    {
        using var site = connection.CreateCommand();
        site.CommandText = "SELECT Type, TimeZone FROM Sites WHERE Id = $site;";
        site.Parameters.AddWithValue("$site", SiteKey(siteId));
        string type, timeZone;
        using (var reader = site.ExecuteReader())
        {
            if (!reader.Read())
            {
                return null;
            }

            (type, timeZone) = (reader.GetString(0), reader.GetString(1));
        }

        using var meters = connection.CreateCommand();
        meters.CommandText = "SELECT Id, Role, BillingPointId FROM Meters WHERE SiteId = $site ORDER BY Id;";
        meters.Parameters.AddWithValue("$site", SiteKey(siteId));
        var list = new List<BalanceMeter>();
        using (var reader = meters.ExecuteReader())
        {
            while (reader.Read())
            {
                list.Add(new BalanceMeter(reader.GetString(0), Enum.Parse<MeterRole>(reader.GetString(1)), reader.IsDBNull(2) ? null : reader.GetGuid(2)));
            }
        }

        return (new BalanceTopology(siteId, Enum.Parse<SiteType>(type), list), TimeZoneInfo.FindSystemTimeZoneById(timeZone));
    }

    // Every hour, day and month row above a changed quarter-hour is made equal to the sum of the rows below it again:
    // a meter's by adding what its quarter-hours moved, the site's by summing its stored hours and days from their
    // quarter-hours and its months from their days (in that order).
    private static void RollUp(SqliteTransaction transaction, BalanceTopology topology, DateTime from, DateTime to, TimeZoneInfo zone, QuarterHourChanges changes, IReadOnlySet<string> consumers)
    {
        var connection = transaction.Connection!;
        var site = SiteKey(topology.SiteId);
        if (changes.HasFormerConsumers)
        {
            DeleteFormerConsumers(transaction, site, from, to, zone, consumers);
        }

        foreach (var resolution in new[] { EnergyResolution.Hour, EnergyResolution.Day, EnergyResolution.Month })
        {
            EnergyRowWriter.AddToMeters(transaction, topology.SiteId, resolution, EnergyRollUp.MeterDeltas(resolution, zone, changes.MeterDeltas));
        }

        if (changes.Sites.Count == 0)
        {
            return;
        }

        var siteSums = string.Join(", ", EnergyColumns.Site.Select(c => c.Aggregate));
        using var siteBucket = Command(connection, transaction,
            $"INSERT INTO SiteEnergy (SiteId, Resolution, StartUtc, {EnergyColumns.SiteNames}) " +
            $"SELECT $site, $resolution, $bucket, {siteSums} FROM SiteEnergy " +
            "WHERE SiteId = $site AND Resolution = $source AND StartUtc >= $bucket AND StartUtc < $end HAVING COUNT(*) > 0 " +
            $"ON CONFLICT (SiteId, Resolution, StartUtc) DO UPDATE SET {EnergyRowWriter.SiteUpdates};");
        siteBucket.Parameters.AddWithValue("$site", site);
        var (resolutionParameter, sourceParameter) = (siteBucket.Parameters.Add("$resolution", SqliteType.Integer), siteBucket.Parameters.Add("$source", SqliteType.Integer));
        var (bucketParameter, endParameter) = (siteBucket.Parameters.Add("$bucket", SqliteType.Integer), siteBucket.Parameters.Add("$end", SqliteType.Integer));
        siteBucket.Prepare();
        var changed = changes.Sites.Select(s => s.StartUtc).ToList();
        foreach (var (resolution, source) in new[]
        {
            (EnergyResolution.Hour, EnergyResolution.QuarterHour),
            (EnergyResolution.Day, EnergyResolution.QuarterHour),
            (EnergyResolution.Month, EnergyResolution.Day),
        })
        {
            (resolutionParameter.Value, sourceParameter.Value) = ((int)resolution, (int)source);
            foreach (var bucket in EnergyRollUp.Buckets(resolution, zone, changed))
            {
                (bucketParameter.Value, endParameter.Value) = (Seconds(bucket), Seconds(EnergyBuckets.Next(resolution, bucket, zone)));
                siteBucket.ExecuteNonQuery();
            }
        }
    }

    // Rows of meters that are no longer consumption meters, in every bucket this range touches: a change of role
    // queues the whole history, so every bucket is cleaned once.
    private static void DeleteFormerConsumers(SqliteTransaction transaction, string site, DateTime from, DateTime to, TimeZoneInfo zone, IReadOnlySet<string> consumers)
    {
        var stillConsumers = System.Text.Json.JsonSerializer.Serialize(consumers);
        foreach (var resolution in Enum.GetValues<EnergyResolution>())
        {
            var touched = EnergyBuckets.Touching(resolution, from, to, zone).ToList();
            Execute(transaction.Connection!, transaction,
                "DELETE FROM MeterEnergy WHERE SiteId = $site AND Resolution = $resolution AND StartUtc >= $from AND StartUtc < $to " +
                "AND MeterId NOT IN (SELECT value FROM json_each($consumers));",
                ("$site", site), ("$resolution", (int)resolution), ("$from", Seconds(touched[0])),
                ("$to", Seconds(EnergyBuckets.Next(resolution, touched[^1], zone))), ("$consumers", stillConsumers));
        }
    }

    private static void Dequeue(SqliteConnection connection, SqliteTransaction transaction, List<long> ids)
    {
        using var delete = SqliteCommands.Prepare(transaction, "DELETE FROM EnergyRecalculations WHERE Id = $id;", "$id");
        foreach (var id in ids)
        {
            SqliteCommands.Bind(delete, id);
            delete.ExecuteNonQuery();
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = SqliteCommands.Prepare(transaction, sql, [.. parameters.Select(p => p.Name)]);
        SqliteCommands.Bind(command, [.. parameters.Select(p => p.Value)]);
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _connection?.Dispose();
        _oneAtATime.Dispose();
    }

    /// <summary>A site id as EF Core stores a Guid in SQLite (upper-case text).</summary>
    public static string SiteKey(Guid siteId) => siteId.ToString().ToUpperInvariant();

    private static long Seconds(DateTime utc) => UnixSecondsConverter.ToSeconds(utc);

    private static DateTime Ceiling(DateTime utc)
    {
        var floor = QuarterHour.Floor(new DateTimeOffset(utc, TimeSpan.Zero)).UtcDateTime;
        return floor == utc ? utc : floor + QuarterHour.Length;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Energy balance of site {SiteId} from {From:O} to {To:O}: {Count} quarter-hours")]
    private partial void LogRecomputed(Guid siteId, DateTime from, DateTime to, int count);
}
