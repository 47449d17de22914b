using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Portal.Data;

namespace Portal.Energy;

/// <summary>
/// Writes balances and roll-ups of one resolution into SiteEnergy and MeterEnergy (<see cref="EnergyRowReader"/> reads
/// them back). All rows of a call go to SQLite as one JSON array in one statement (json_each), so a day of 100 meters is one upsert of 9,600 rows instead of 9,600
/// statements, each binding its parameters. Rows are updated in place: an upsert touches no index whose key is unchanged.
/// </summary>
internal static class EnergyRowWriter
{
    /// <summary>The SET clause of an upsert of every SiteEnergy figure (declared before the statement using it: static fields initialise in order).</summary>
    public static string SiteUpdates { get; } = string.Join(", ", EnergyColumns.Site.Select(c => $"{c.Name} = excluded.{c.Name}"));

    private static readonly string SiteSql =
        $"INSERT INTO SiteEnergy (SiteId, Resolution, StartUtc, {EnergyColumns.SiteNames}, MeterRowsFingerprint) " +
        $"SELECT $site, $resolution, r.value ->> 0, {string.Join(", ", EnergyColumns.Site.Select((_, i) => $"r.value ->> {i + 1}"))}, r.value ->> {EnergyColumns.Site.Count + 1} " +
        "FROM json_each($rows) r WHERE true " +
        $"ON CONFLICT (SiteId, Resolution, StartUtc) DO UPDATE SET {SiteUpdates}, MeterRowsFingerprint = excluded.MeterRowsFingerprint;";

    private const string MeterSql =
        "INSERT INTO MeterEnergy (MeterId, SiteId, Resolution, StartUtc, ConsumedWh, SolarWh, EstimatedQuarterHours) " +
        "SELECT r.value ->> 0, $site, $resolution, r.value ->> 1, r.value ->> 2, r.value ->> 3, r.value ->> 4 " +
        "FROM json_each($rows) r WHERE true " +
        $"ON CONFLICT (MeterId, Resolution, StartUtc) DO UPDATE SET {MeterUpdates};";

    /// <summary>The SET clause of an upsert of every MeterEnergy figure.</summary>
    public const string MeterUpdates = "ConsumedWh = excluded.ConsumedWh, SolarWh = excluded.SolarWh, EstimatedQuarterHours = excluded.EstimatedQuarterHours";

    // A bucket that exists moves by the difference; one that does not yet is the difference (its first quarter-hour).
    private const string MeterDeltaSql =
        "INSERT INTO MeterEnergy (MeterId, SiteId, Resolution, StartUtc, ConsumedWh, SolarWh, EstimatedQuarterHours) " +
        "SELECT r.value ->> 0, $site, $resolution, r.value ->> 1, r.value ->> 2, r.value ->> 3, r.value ->> 4 " +
        "FROM json_each($rows) r WHERE true " +
        "ON CONFLICT (MeterId, Resolution, StartUtc) DO UPDATE SET ConsumedWh = ConsumedWh + excluded.ConsumedWh, " +
        "SolarWh = SolarWh + excluded.SolarWh, EstimatedQuarterHours = EstimatedQuarterHours + excluded.EstimatedQuarterHours;";

    public static void Sites(SqliteTransaction transaction, Guid siteId, EnergyResolution resolution, IReadOnlyCollection<SiteEnergy> rows)
    {
        Execute(transaction, SiteSql, siteId, resolution, rows.Count, writer =>
        {
            foreach (var row in rows)
            {
                writer.WriteStartArray();
                writer.WriteNumberValue(UnixSecondsConverter.ToSeconds(row.StartUtc));
                foreach (var column in EnergyColumns.Site)
                {
                    writer.WriteNumberValue(column.Get(row));
                }

                writer.WriteNumberValue(row.MeterRowsFingerprint);
                writer.WriteEndArray();
            }
        });
    }

    /// <summary>Replaces the figures of <paramref name="rows"/>.</summary>
    public static void Meters(SqliteTransaction transaction, Guid siteId, EnergyResolution resolution, IReadOnlyCollection<MeterEnergy> rows) =>
        Meters(transaction, MeterSql, siteId, resolution, rows);

    /// <summary>Adds the figures of <paramref name="deltas"/> to the stored rows (differences from <see cref="EnergyRollUp.MeterDeltas"/>).</summary>
    public static void AddToMeters(SqliteTransaction transaction, Guid siteId, EnergyResolution resolution, IReadOnlyCollection<MeterEnergy> deltas) =>
        Meters(transaction, MeterDeltaSql, siteId, resolution, deltas);

    private static void Meters(SqliteTransaction transaction, string sql, Guid siteId, EnergyResolution resolution, IReadOnlyCollection<MeterEnergy> rows)
    {
        Execute(transaction, sql, siteId, resolution, rows.Count, writer =>
        {
            foreach (var row in rows)
            {
                writer.WriteStartArray();
                writer.WriteStringValue(row.MeterId);
                writer.WriteNumberValue(UnixSecondsConverter.ToSeconds(row.StartUtc));
                writer.WriteNumberValue(row.ConsumedWh);
                writer.WriteNumberValue(row.SolarWh);
                writer.WriteNumberValue(row.EstimatedQuarterHours);
                writer.WriteEndArray();
            }
        });
    }

    private static void Execute(SqliteTransaction transaction, string sql, Guid siteId, EnergyResolution resolution, int rowCount, Action<Utf8JsonWriter> writeRows)
    {
        if (rowCount == 0)
        {
            return;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writeRows(writer);
            writer.WriteEndArray();
        }

        using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$site", EnergyBalanceStore.SiteKey(siteId));
        command.Parameters.AddWithValue("$resolution", (int)resolution);
        command.Parameters.AddWithValue("$rows", Encoding.UTF8.GetString(buffer.WrittenSpan));
        command.ExecuteNonQuery();
    }
}
