using System.Globalization;
using Microsoft.Data.Sqlite;
using Portal.Edge.Intervals;

namespace Portal.Edge.Sync;

/// <summary>An interval message waiting for the broker's PUBACK. <see cref="Sequence"/> is the per-gateway sequence number.</summary>
public sealed record OutboxEntry(long Sequence, string Topic, byte[] Payload);

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

            OutboxEntry? entry = null;
            if (entryFor is not null)
            {
                // A counter table, not the row id: rows are deleted once acknowledged, and the sequence
                // must keep rising so the portal can tell a gap from a duplicate.
                using var next = _connection.CreateCommand();
                next.CommandText = """
                    INSERT INTO counter (name, value) VALUES ($name, 1)
                    ON CONFLICT (name) DO UPDATE SET value = value + 1
                    RETURNING value
                    """;
                next.Parameters.AddWithValue("$name", SequenceCounter);
                var sequence = (long)next.ExecuteScalar()!;
                var (topic, payload) = entryFor(sequence);

                using var insert = _connection.CreateCommand();
                insert.CommandText = "INSERT INTO outbox (sequence, topic, payload, created_utc) VALUES ($sequence, $topic, $payload, $created)";
                insert.Parameters.AddWithValue("$sequence", sequence);
                insert.Parameters.AddWithValue("$topic", topic);
                insert.Parameters.AddWithValue("$payload", payload);
                insert.Parameters.AddWithValue("$created", FormatInstant(now));
                insert.ExecuteNonQuery();
                entry = new OutboxEntry(sequence, topic, payload);
            }

            transaction.Commit();
            return entry;
        }
    }

    /// <summary>The oldest entries first, at most <paramref name="max"/>.</summary>
    public IReadOnlyList<OutboxEntry> Oldest(int max)
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT sequence, topic, payload FROM outbox ORDER BY sequence LIMIT $max";
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
    public void Remove(IEnumerable<long> sequences)
    {
        lock (_lock)
        {
            using var transaction = _connection.BeginTransaction();
            using var command = _connection.CreateCommand();
            command.CommandText = "DELETE FROM outbox WHERE sequence = $sequence";
            var parameter = command.Parameters.Add("$sequence", SqliteType.Integer);
            foreach (var sequence in sequences)
            {
                parameter.Value = sequence;
                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    public long Count()
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM outbox";
            return (long)command.ExecuteScalar()!;
        }
    }

    public void Dispose() => _connection.Dispose();

    private static string FormatInstant(DateTimeOffset instant) => instant.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseInstant(string text) =>
        new(DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero);
}
