using System.IO.Pipelines;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Portal.Contracts.Mqtt;
using Portal.Data;
using Portal.Hosting;
using Portal.Sites;

namespace Portal.Energy;

/// <summary>
/// The energy exports as CSV, streamed: rows are written as they are read, one local day of intervals (or one
/// database row of a roll-up) at a time, so a year of a hundred meters takes the memory of one day. Column names
/// are stable English snake_case for programs (documented in docs/energy-exports.md), whatever the user's language.
/// No access checks here: the endpoints check the site first (<see cref="OwnerEnergy"/>).
/// </summary>
public sealed class EnergyCsvExport(PortalPaths paths, IDbContextFactory<PortalDbContext> contexts)
{
    /// <summary>The site's balance figures added to each quarter-hour row of the intervals export.</summary>
    private static readonly IReadOnlyList<EnergyColumn> SiteColumnsOfIntervals =
        [.. EnergyColumns.Site.Where(c => c.Name is nameof(SiteEnergy.ProductionWh) or nameof(SiteEnergy.GridImportWh) or nameof(SiteEnergy.GridExportWh)
            or nameof(SiteEnergy.ConsumptionWh) or nameof(SiteEnergy.ResidualWh))];

    /// <summary>
    /// One row per quarter-hour of the period (92, 96 or 100 a local day): <c>local_time</c>, <c>utc_time</c>, then
    /// per meter (by id) <c>{meter}.import_wh</c>, <c>{meter}.export_wh</c> and <c>{meter}.flag</c> (empty when
    /// measured, <c>estimated</c> for a share of an interval that spanned a gap, <c>backwards</c> when the counter went
    /// backwards, <c>missing</c> without any interval; energy empty when missing), then the site's balance:
    /// <c>site.production_wh</c>, <c>site.grid_import_wh</c>, <c>site.grid_export_wh</c>, <c>site.consumption_wh</c>,
    /// <c>site.residual_wh</c> (empty where no balance was computed).
    /// </summary>
    public async Task WriteIntervalsAsync(Site site, EnergyPeriod period, PipeWriter output, CancellationToken ct)
    {
        const int DaysPerRead = 7;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(site.TimeZone);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var meters = await db.Meters.AsNoTracking().Where(m => m.SiteId == site.Id).OrderBy(m => m.Id)
            .Select(m => new BalanceMeter(m.Id, m.Role, m.BillingPointId)).ToListAsync(ct);
        var topology = new BalanceTopology(site.Id, site.Type, meters);
        var csv = new CsvRowWriter(output);
        csv.Field("local_time");
        csv.Field("utc_time");
        foreach (var meter in meters)
        {
            csv.Field(meter.Id + ".import_wh");
            csv.Field(meter.Id + ".export_wh");
            csv.Field(meter.Id + ".flag");
        }

        foreach (var column in SiteColumnsOfIntervals)
        {
            csv.Field("site." + SnakeCase(column.Name));
        }

        csv.EndRow();
        await using var connection = await EnergyBalanceStore.OpenForIntervalsAsync(paths.DatabasePath, ct);
        using var balances = SiteQuery(connection, site.Id, EnergyResolution.QuarterHour, SiteColumnsOfIntervals);
        // A week of intervals at a time: few queries, and memory bounded by a week whatever the period.
        for (var day = period.Start; day < period.End; day = day.AddDays(DaysPerRead))
        {
            var last = day.AddDays(DaysPerRead) < period.End ? day.AddDays(DaysPerRead) : period.End;
            DateTime from = EnergyBuckets.LocalMidnight(day, zone), to = EnergyBuckets.LocalMidnight(last, zone);
            var (loadFrom, loadTo) = (from, to);
            var intervals = MeterIntervalReader.Load(connection, topology, ref loadFrom, ref loadTo).Meters;
            var offset = (int)((from - loadFrom).Ticks / QuarterHour.Length.Ticks);
            var count = (int)((to - from).Ticks / QuarterHour.Length.Ticks);
            var readings = new MeterReading[meters.Count][];
            for (var m = 0; m < meters.Count; m++)
            {
                readings[m] = new MeterReading[(int)((loadTo - loadFrom).Ticks / QuarterHour.Length.Ticks)];
                IntervalSpread.Fill(loadFrom, readings[m], intervals[m]);
            }

            var site15 = ReadBalances(balances, from, to, count);
            for (var q = 0; q < count; q++)
            {
                var start = from + (QuarterHour.Length * q);
                csv.Field(TimeZoneInfo.ConvertTime(new DateTimeOffset(start, TimeSpan.Zero), zone));
                csv.Field(new DateTimeOffset(start, TimeSpan.Zero));
                for (var m = 0; m < meters.Count; m++)
                {
                    WriteReading(csv, readings[m][offset + q]);
                }

                for (var c = 0; c < SiteColumnsOfIntervals.Count; c++)
                {
                    if (site15[q] is { } values)
                    {
                        csv.Field(values[c]);
                    }
                    else
                    {
                        csv.Empty();
                    }
                }

                csv.EndRow();
                await csv.FlushIfFullAsync(ct);
            }
        }

        await csv.FlushAsync(ct);
    }

    /// <summary>
    /// The site's stored buckets at the query's resolution in its period, in time order: <c>start_local</c>,
    /// <c>start_utc</c>, then every figure of <see cref="EnergyColumns.Site"/> in snake_case (<c>production_wh</c>, ...).
    /// </summary>
    public async Task WriteSiteRollUpsAsync(Site site, EnergyQuery query, PipeWriter output, CancellationToken ct)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(site.TimeZone);
        var (fromUtc, toUtc) = query.ToUtc(zone);
        var csv = new CsvRowWriter(output);
        Header(csv, ["start_local", "start_utc", .. EnergyColumns.Site.Select(c => SnakeCase(c.Name))]);
        await using var connection = await EnergyBalanceStore.OpenForIntervalsAsync(paths.DatabasePath, ct);
        using var read = SiteQuery(connection, site.Id, query.Resolution, EnergyColumns.Site);
        Range(read, fromUtc, toUtc);
        await StreamRowsAsync(read, csv, zone, reader =>
        {
            for (var i = 1; i < reader.FieldCount; i++)
            {
                csv.Field(reader.GetInt64(i));
            }
        }, ct);
    }

    /// <summary>
    /// Each consumption meter's stored buckets at the query's resolution in its period, by time then meter: <c>start_local</c>,
    /// <c>start_utc</c>, <c>meter_id</c>, <c>billing_point_id</c>, <c>consumed_wh</c>, <c>solar_wh</c>,
    /// <c>grid_wh</c>, <c>estimated_quarter_hours</c>.
    /// </summary>
    public async Task WriteMeterRollUpsAsync(Site site, EnergyQuery query, PipeWriter output, CancellationToken ct)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(site.TimeZone);
        var (fromUtc, toUtc) = query.ToUtc(zone);
        var csv = new CsvRowWriter(output);
        Header(csv, ["start_local", "start_utc", "meter_id", "billing_point_id", "consumed_wh", "solar_wh", "grid_wh", "estimated_quarter_hours"]);
        await using var connection = await EnergyBalanceStore.OpenForIntervalsAsync(paths.DatabasePath, ct);
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT e.StartUtc, e.MeterId, m.BillingPointId, e.ConsumedWh, e.SolarWh, e.EstimatedQuarterHours FROM MeterEnergy e " +
            "JOIN Meters m ON m.Id = e.MeterId " +
            "WHERE e.SiteId = $site AND e.Resolution = $resolution AND e.StartUtc >= $from AND e.StartUtc < $to ORDER BY e.StartUtc, e.MeterId;";
        read.Parameters.AddWithValue("$site", EnergyBalanceStore.SiteKey(site.Id));
        read.Parameters.AddWithValue("$resolution", (int)query.Resolution);
        Range(read, fromUtc, toUtc);
        await StreamRowsAsync(read, csv, zone, reader =>
        {
            csv.Field(reader.GetString(1));
            csv.Field(reader.IsDBNull(2) ? "" : reader.GetString(2).ToLowerInvariant());
            var (consumed, solar) = (reader.GetInt64(3), reader.GetInt64(4));
            csv.Field(consumed);
            csv.Field(solar);
            csv.Field(consumed - solar);
            csv.Field(reader.GetInt64(5));
        }, ct);
    }

    /// <summary><c>PeakGridImportWh</c> as <c>peak_grid_import_wh</c>.</summary>
    public static string SnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }

    private static void Header(CsvRowWriter csv, IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            csv.Field(name);
        }

        csv.EndRow();
    }

    // A roll-up's rows as the reader gives them: the bucket's start (column 0) local and UTC, then the rest.
    private static async Task StreamRowsAsync(SqliteCommand read, CsvRowWriter csv, TimeZoneInfo zone, Action<SqliteDataReader> rest, CancellationToken ct)
    {
        using (var reader = read.ExecuteReader())
        {
            while (reader.Read())
            {
                Starts(csv, UnixSecondsConverter.FromSeconds(reader.GetInt64(0)), zone);
                rest(reader);
                csv.EndRow();
                await csv.FlushIfFullAsync(ct);
            }
        }

        await csv.FlushAsync(ct);
    }

    private static void WriteReading(CsvRowWriter csv, MeterReading reading)
    {
        if (!reading.IsPresent)
        {
            csv.Empty();
            csv.Empty();
            csv.Field("missing");
            return;
        }

        csv.Field(reading.ImportWh);
        csv.Field(reading.ExportWh);
        if (reading.CounterWentBackwards)
        {
            csv.Field("backwards");
        }
        else if (reading.Estimated)
        {
            csv.Field("estimated");
        }
        else
        {
            csv.Empty();
        }
    }

    private static void Starts(CsvRowWriter csv, DateTime startUtc, TimeZoneInfo zone)
    {
        var start = new DateTimeOffset(startUtc, TimeSpan.Zero);
        csv.Field(TimeZoneInfo.ConvertTime(start, zone));
        csv.Field(start);
    }

    private static SqliteCommand SiteQuery(SqliteConnection connection, Guid siteId, EnergyResolution resolution, IReadOnlyList<EnergyColumn> columns)
    {
        var read = connection.CreateCommand();
        read.CommandText = $"SELECT StartUtc, {string.Join(", ", columns.Select(c => c.Name))} FROM SiteEnergy " +
            "WHERE SiteId = $site AND Resolution = $resolution AND StartUtc >= $from AND StartUtc < $to ORDER BY StartUtc;";
        read.Parameters.AddWithValue("$site", EnergyBalanceStore.SiteKey(siteId));
        read.Parameters.AddWithValue("$resolution", (int)resolution);
        read.Parameters.Add("$from", SqliteType.Integer);
        read.Parameters.Add("$to", SqliteType.Integer);
        return read;
    }

    // One day's quarter-hour balances by slot (null where none was computed).
    private static long[]?[] ReadBalances(SqliteCommand balances, DateTime from, DateTime to, int count)
    {
        Range(balances, from, to);
        var slots = new long[]?[count];
        using var reader = balances.ExecuteReader();
        while (reader.Read())
        {
            var slot = (int)((UnixSecondsConverter.FromSeconds(reader.GetInt64(0)) - from).Ticks / QuarterHour.Length.Ticks);
            var values = new long[reader.FieldCount - 1];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.GetInt64(i + 1);
            }

            slots[slot] = values;
        }

        return slots;
    }

    private static void Range(SqliteCommand command, DateTime fromUtc, DateTime toUtc)
    {
        if (!command.Parameters.Contains("$from"))
        {
            command.Parameters.Add("$from", SqliteType.Integer);
            command.Parameters.Add("$to", SqliteType.Integer);
        }

        command.Parameters["$from"].Value = UnixSecondsConverter.ToSeconds(fromUtc);
        command.Parameters["$to"].Value = UnixSecondsConverter.ToSeconds(toUtc);
    }
}
