using Microsoft.Data.Sqlite;
using Portal.Data;

namespace Portal.Energy;

/// <summary>
/// Reads the stored intervals of a site's meters for a balance or an export: one statement for all meters each, so
/// a day of 100 meters is four statements instead of three hundred. Rows come from the covering index
/// IX_MeterIntervals_Energy.
/// </summary>
internal static class MeterIntervalReader
{
    // The meter's position in the topology (json_each's key), then the interval's columns; instants are Unix seconds.
    private const string Columns = "m.key, i.StartUtc, i.EndUtc, i.ImportWh, i.ExportWh, i.CounterWentBackwards";

    // A usual interval (energy below 2^31 Wh) travels as three integers, because every value read through
    // Microsoft.Data.Sqlite costs about 0.1 µs, more than SQLite's own work for it: the start in Unix seconds, the
    // meter's position and the counter flag in one; the length in seconds; import and export in one.
    private const string Usual = "i.ImportWh BETWEEN 0 AND 2147483647 AND i.ExportWh BETWEEN 0 AND 2147483647";

    private const int PositionBits = 19;

    private static readonly string InRangeUsualSql = $"SELECT (i.StartUtc << {PositionBits + 1}) | (m.key << 1) | i.CounterWentBackwards, " +
        "i.EndUtc - i.StartUtc, (i.ImportWh << 32) | i.ExportWh " +
        "FROM json_each($meters) m JOIN MeterIntervals i ON i.MeterId = m.value " +
        $"AND i.StartUtc >= $from AND i.StartUtc < $to AND {Usual};";

    // The others (a huge or negative figure), rare, with every column on its own.
    private const string InRangeOtherSql = $"SELECT {Columns} FROM json_each($meters) m JOIN MeterIntervals i ON i.MeterId = m.value " +
        $"AND i.StartUtc >= $from AND i.StartUtc < $to AND NOT ({Usual});";

    // Each meter's last interval that starts before the range: it may reach into it.
    private const string BeforeSql = $"SELECT {Columns} FROM json_each($meters) m JOIN MeterIntervals i ON i.MeterId = m.value " +
        "AND i.StartUtc = (SELECT MAX(StartUtc) FROM MeterIntervals WHERE MeterId = m.value AND StartUtc < $from);";

    private const string FirstSql = "SELECT m.value, (SELECT MIN(StartUtc) FROM MeterIntervals WHERE MeterId = m.value) FROM json_each($meters) m;";

    /// <summary>
    /// The intervals of each meter (in <paramref name="topology"/>'s order) that overlap [from, to). An interval that
    /// crosses either end widens the range to its own ends, so a spread is always computed with every interval
    /// inside its span.
    /// </summary>
    public static List<StoredInterval>[] Load(SqliteConnection connection, BalanceTopology topology, ref DateTime from, ref DateTime to)
    {
        if (topology.Meters.Count >= 1 << PositionBits)
        {
            throw new ArgumentException($"At most {(1 << PositionBits) - 1} meters per site.", nameof(topology));
        }

        var meters = MeterList(topology);
        using var before = Command(connection, BeforeSql, meters, "$from");
        using var usual = Command(connection, InRangeUsualSql, meters, "$from", "$to");
        using var other = Command(connection, InRangeOtherSql, meters, "$from", "$to");
        var intervals = new List<StoredInterval>[topology.Meters.Count];
        for (var widened = 0; ; widened++)
        {
            for (var m = 0; m < intervals.Length; m++)
            {
                intervals[m] = [];
            }

            var (wantFrom, wantTo) = (from, to);
            void Add(int position, StoredInterval interval)
            {
                intervals[position].Add(interval);
                wantFrom = interval.StartUtc < wantFrom ? interval.StartUtc : wantFrom;
                wantTo = interval.EndUtc > wantTo ? interval.EndUtc : wantTo;
            }

            foreach (var command in new[] { before, usual, other })
            {
                command.Parameters["$from"].Value = UnixSecondsConverter.ToSeconds(from);
                if (command != before)
                {
                    command.Parameters["$to"].Value = UnixSecondsConverter.ToSeconds(to);
                }

                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    if (command == usual)
                    {
                        var (packed, seconds, energy) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
                        var start = UnixSecondsConverter.FromSeconds(packed >> (PositionBits + 1));
                        Add((int)((packed >> 1) & ((1 << PositionBits) - 1)),
                            new StoredInterval(start, start.AddSeconds(seconds), energy >> 32, energy & uint.MaxValue, (packed & 1) == 1));
                        continue;
                    }

                    var interval = new StoredInterval(UnixSecondsConverter.FromSeconds(reader.GetInt64(1)), UnixSecondsConverter.FromSeconds(reader.GetInt64(2)),
                        reader.GetInt64(3), reader.GetInt64(4), reader.GetBoolean(5));
                    if (interval.EndUtc > from || command != before)
                    {
                        Add(reader.GetInt32(0), interval);
                    }
                }
            }

            // Widen at most a few times: each pass can only add intervals adjacent to the range.
            if ((wantFrom == from && wantTo == to) || widened == 3)
            {
                // Each meter's usual rows come in index order (the plan seeks the covering index meter by meter), the
                // rare others after them; sorting in SQL instead cost a temporary B-tree of all of them.
                foreach (var list in intervals)
                {
                    InStartOrder(list);
                }

                return intervals;
            }

            (from, to) = (wantFrom, wantTo);
        }
    }

    /// <summary>When each meter (in <paramref name="topology"/>'s order) first reported: before that, a missing reading is not missing data.</summary>
    public static DateTime?[] FirstReported(SqliteConnection connection, BalanceTopology topology)
    {
        var positions = Positions(topology);
        using var first = Command(connection, FirstSql, MeterList(topology));
        using var reader = first.ExecuteReader();
        var result = new DateTime?[topology.Meters.Count];
        while (reader.Read())
        {
            result[positions[reader.GetString(0)]] = reader.IsDBNull(1) ? null : UnixSecondsConverter.FromSeconds(reader.GetInt64(1));
        }

        return result;
    }

    private static void InStartOrder(List<StoredInterval> list)
    {
        for (var i = 1; i < list.Count; i++)
        {
            if (list[i].StartUtc < list[i - 1].StartUtc)
            {
                list.Sort((a, b) => a.StartUtc.CompareTo(b.StartUtc));
                return;
            }
        }
    }

    private static Dictionary<string, int> Positions(BalanceTopology topology) =>
        topology.Meters.Select((meter, i) => (meter.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);

    private static string MeterList(BalanceTopology topology) => System.Text.Json.JsonSerializer.Serialize(topology.Meters.Select(m => m.Id));

    private static SqliteCommand Command(SqliteConnection connection, string sql, string meters, params string[] instants)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$meters", meters);
        foreach (var name in instants)
        {
            command.Parameters.Add(name, SqliteType.Integer);
        }

        return command;
    }
}
