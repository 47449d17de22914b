using System.Globalization;
using Microsoft.Data.Sqlite;
using Portal.Edge.Intervals;

namespace Portal.Edge.Sync;

/// <summary>A message waiting for the broker's PUBACK. <see cref="Sequence"/> is the per-gateway sequence number of its lane.</summary>
public sealed record OutboxEntry(long Sequence, string Topic, byte[] Payload);

/// <summary>
/// The queues of the outbox, each its own table with its own rising sequence: interval messages (billing) and control
/// decisions (docs/edge.md, Control). Drained in this order.
/// </summary>
public enum OutboxLane
{
    Intervals,
    ControlDecisions,
}

/// <summary>
/// The edge's durable state in one SQLite file (WAL): the outbox of unacknowledged interval messages and the
/// last register baseline per meter. Both change in one transaction, so a crash can never record energy
/// twice or lose it: either the interval and its new baseline are stored, or neither is.
/// </summary>
public sealed class OutboxStore : IDisposable
{
    private const string SequenceCounter = "interval_sequence";
    private readonly SqliteConnection _connection;
    private readonly Lock _lock = new();

    private OutboxStore(SqliteConnection connection) => _connection = connection;

    public static OutboxStore Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();

        // synchronous=FULL: an interval is billing data; losing the last commit to a power cut is not acceptable.
        command.CommandText = """
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=FULL;
            CREATE TABLE IF NOT EXISTS outbox (
                sequence INTEGER PRIMARY KEY,
                topic TEXT NOT NULL,
                payload BLOB NOT NULL,
                created_utc TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS meter_baseline (
                meter_id TEXT PRIMARY KEY,
                boundary_utc TEXT NOT NULL,
                import_wh INTEGER NOT NULL,
                export_wh INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS control_decision_outbox (
                sequence INTEGER PRIMARY KEY,
                topic TEXT NOT NULL,
                payload BLOB NOT NULL,
                created_utc TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS counter (
                name TEXT PRIMARY KEY,
                value INTEGER NOT NULL);
            """;
        command.ExecuteNonQuery();
        return new OutboxStore(connection);
    }

    public MeterBaseline? GetBaseline(string meterId)
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT boundary_utc, import_wh, export_wh FROM meter_baseline WHERE meter_id = $meter";
            command.Parameters.AddWithValue("$meter", meterId);
            using var reader = command.ExecuteReader();
            return reader.Read()
                ? new MeterBaseline(meterId, ParseInstant(reader.GetString(0)), reader.GetInt64(1), reader.GetInt64(2))
                : null;
        }
    }

    /// <summary>
    /// Stores a new baseline and, when <paramref name="entryFor"/> is given, one outbox entry built from the
    /// next sequence number, atomically. Returns the entry, if any.
    /// </summary>
    public OutboxEntry? Commit(MeterBaseline? baseline, Func<long, (string Topic, byte[] Payload)>? entryFor, DateTimeOffset now)
    {
        lock (_lock)
        {
            using var transaction = _connection.BeginTransaction();
            if (baseline is not null)
            {
                using var upsert = _connection.CreateCommand();
                upsert.CommandText = """
                    INSERT INTO meter_baseline (meter_id, boundary_utc, import_wh, export_wh) VALUES ($meter, $boundary, $import, $export)
                    ON CONFLICT (meter_id) DO UPDATE SET boundary_utc = $boundary, import_wh = $import, export_wh = $export
                    """;
                upsert.Parameters.AddWithValue("$meter", baseline.MeterId);
                upsert.Parameters.AddWithValue("$boundary", FormatInstant(baseline.Boundary));
                upsert.Parameters.AddWithValue("$import", baseline.ImportWh);
                upsert.Parameters.AddWithValue("$export", baseline.ExportWh);
                upsert.ExecuteNonQuery();
            }

            var entry = entryFor is null ? null : Insert(OutboxLane.Intervals, entryFor, now);
            transaction.Commit();
            return entry;
        }
    }

    /// <summary>
    /// Stores one control decision built from the next decision sequence number (its own counter, so it rises per
    /// gateway without gaps from intervals), before it is published.
    /// </summary>
    public OutboxEntry AddControlDecision(Func<long, (string Topic, byte[] Payload)> entryFor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entryFor);
        lock (_lock)
        {
            using var transaction = _connection.BeginTransaction();
            var entry = Insert(OutboxLane.ControlDecisions, entryFor, now);
            transaction.Commit();
            return entry;
        }
    }

    /// <summary>The oldest entries of a lane first, at most <paramref name="max"/>.</summary>
    public IReadOnlyList<OutboxEntry> Oldest(int max, OutboxLane lane = OutboxLane.Intervals)
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = $"SELECT sequence, topic, payload FROM {TableOf(lane)} ORDER BY sequence LIMIT $max";
            command.Parameters.AddWithValue("$max", max);
            using var reader = command.ExecuteReader();
            var entries = new List<OutboxEntry>();
            while (reader.Read())
            {
                entries.Add(new OutboxEntry(reader.GetInt64(0), reader.GetString(1), (byte[])reader.GetValue(2)));
            }

            return entries;
        }
    }

    /// <summary>Removes entries the broker acknowledged.</summary>
    public void Remove(IEnumerable<long> sequences, OutboxLane lane = OutboxLane.Intervals)
    {
        lock (_lock)
        {
            using var transaction = _connection.BeginTransaction();
            using var command = _connection.CreateCommand();
            command.CommandText = $"DELETE FROM {TableOf(lane)} WHERE sequence = $sequence";
            var parameter = command.Parameters.Add("$sequence", SqliteType.Integer);
            foreach (var sequence in sequences)
            {
                parameter.Value = sequence;
                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    public long Count(OutboxLane lane = OutboxLane.Intervals)
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM {TableOf(lane)}";
            return (long)command.ExecuteScalar()!;
        }
    }

    public void Dispose() => _connection.Dispose();

    private static string TableOf(OutboxLane lane) => lane switch
    {
        OutboxLane.Intervals => "outbox",
        OutboxLane.ControlDecisions => "control_decision_outbox",
        _ => throw new ArgumentOutOfRangeException(nameof(lane), lane, null),
    };

    private static string CounterOf(OutboxLane lane) => lane == OutboxLane.Intervals ? SequenceCounter : "control_decision_sequence";

    // Inside the caller's lock and transaction.
    private OutboxEntry Insert(OutboxLane lane, Func<long, (string Topic, byte[] Payload)> entryFor, DateTimeOffset now)
    {
        // A counter table, not the row id: rows are deleted once acknowledged, and the sequence
        // must keep rising so the portal can tell a gap from a duplicate.
        using var next = _connection.CreateCommand();
        next.CommandText = """
            INSERT INTO counter (name, value) VALUES ($name, 1)
            ON CONFLICT (name) DO UPDATE SET value = value + 1
            RETURNING value
            """;
        next.Parameters.AddWithValue("$name", CounterOf(lane));
        var sequence = (long)next.ExecuteScalar()!;
        var (topic, payload) = entryFor(sequence);

        using var insert = _connection.CreateCommand();
        insert.CommandText = $"INSERT INTO {TableOf(lane)} (sequence, topic, payload, created_utc) VALUES ($sequence, $topic, $payload, $created)";
        insert.Parameters.AddWithValue("$sequence", sequence);
        insert.Parameters.AddWithValue("$topic", topic);
        insert.Parameters.AddWithValue("$payload", payload);
        insert.Parameters.AddWithValue("$created", FormatInstant(now));
        insert.ExecuteNonQuery();
        return new OutboxEntry(sequence, topic, payload);
    }

    private static string FormatInstant(DateTimeOffset instant) => instant.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseInstant(string text) =>
        new(DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero);
}
