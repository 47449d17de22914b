using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Accounts;
using Portal.Commissioning;
using Portal.Data;
using Portal.Energy;
using Portal.Hosting;
using Portal.Sites;

namespace Portal.Benchmarks;

/// <summary>
/// Issue 9 benchmark: one site with 100 meters and a year of 15-minute intervals (3.5 million) in a real SQLite
/// file. Measures computing the whole year's balances, recomputing one day for 100 meters (pure computation, and
/// through the store with its SQL), and reading what a year's and a month's dashboard read, as p50/p95 of repeated
/// runs. Run: dotnet run -c Release --project Portal.Benchmarks -- --energy [meters]
/// </summary>
public static class EnergyBenchmark
{
    private static readonly TimeZoneInfo Zurich = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");
    private static readonly DateOnly Year = new(2025, 1, 1);

    public static async Task<int> RunAsync(int meters, int? days = null)
    {
        var directory = Directory.CreateTempSubdirectory("portal-energy-bench-").FullName;
        try
        {
            var app = await BenchmarkPortal.StartAsync(directory);
            var services = app.Services;
            var (siteId, meterIds) = await SeedSiteAsync(services, meters);
            var (yearFrom, yearTo) = EnergyPeriod.Containing(PeriodKind.Year, Year).ToUtc(Zurich);
            if (days is { } shorter)
            {
                // A quicker run for working on the store: the data starts on 1 June (the measured day is 18 June).
                yearFrom = EnergyBuckets.LocalMidnight(new DateOnly(2025, 6, 1), Zurich);
                yearTo = yearFrom.AddDays(shorter);
            }

            var clock = Stopwatch.StartNew();
            var intervals = InsertYear(services.GetRequiredService<PortalPaths>().DatabasePath, meterIds, yearFrom, yearTo);
            var inserted = clock.Elapsed;

            var store = services.GetRequiredService<EnergyBalanceStore>();
            clock.Restart();
            await QueueAsync(services, siteId, yearFrom, yearTo);
            var quarterHours = await store.CatchUpAsync();
            var computed = clock.Elapsed;

            var dayFrom = EnergyBuckets.LocalMidnight(new DateOnly(2025, 6, 18), Zurich);
            var pure = Repeat(50, () => ComputeDayInMemory(siteId, meterIds, dayFrom));
            var databasePath = services.GetRequiredService<PortalPaths>().DatabasePath;
            var dayTo = dayFrom.AddDays(1);
            Timing floor;
            using (var floorConnection = new SqliteConnection(PortalDatabase.ConnectionString(databasePath)))
            {
                floorConnection.Open();
                floor = Repeat(20, () => StepDayRows(floorConnection, meterIds, dayFrom, dayTo));
            }

            var unchanged = await RecomputeAsync(services, store, siteId, 20, _ => (dayFrom, dayTo));
            var lateInDay = await RecomputeAsync(services, store, siteId, 20, run => (dayFrom, dayTo), run => ChangeIntervals(databasePath, meterIds[50], dayFrom.AddMinutes(15 * (run % 96)), dayFrom.AddMinutes(15 * (run % 96) + 15), run));
            var lateAlone = await RecomputeAsync(services, store, siteId, 20, run => (dayFrom.AddMinutes(15 * (run % 96)), dayFrom.AddMinutes(15 * (run % 96) + 15)), run => ChangeIntervals(databasePath, meterIds[50], dayFrom.AddMinutes(15 * (run % 96)), dayFrom.AddMinutes(15 * (run % 96) + 15), run));
            var everyRow = await RecomputeAsync(services, store, siteId, 20, _ => (dayFrom, dayTo), run => ChangeIntervals(databasePath, null, dayFrom, dayTo, run));

            var history = services.GetRequiredService<EnergyHistory>();
            var year = EnergyPeriod.Containing(PeriodKind.Year, Year);
            var month = EnergyPeriod.Containing(PeriodKind.Month, new DateOnly(2025, 6, 1));
            var yearRead = await RepeatAsync(30, () => DashboardReadsAsync(history, siteId, year));
            var monthRead = await RepeatAsync(30, () => DashboardReadsAsync(history, siteId, month));
            var administrator = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, Roles.Administrator), new Claim(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString())], "benchmark"));
            using var scope = services.CreateScope();
            var dashboard = scope.ServiceProvider.GetRequiredService<SiteDashboard>();
            var yearDashboard = await RepeatAsync(30, () => dashboard.ForAsync(administrator, siteId, new EnergyPeriodQuery("year", "2025-01-01", null)));
            var monthDashboard = await RepeatAsync(30, () => dashboard.ForAsync(administrator, siteId, new EnergyPeriodQuery("month", "2025-06-01", null)));
            var (exportTime, exportBytes, exportPeak) = await ExportYearAsync(services, siteId, year);
            var rows = (yearTo - yearFrom) / TimeSpan.FromMinutes(15);

            Console.WriteLine();
            Console.WriteLine($"meters x quarter-hours:            {meters} x {(yearTo - yearFrom) / TimeSpan.FromMinutes(15):N0} = {intervals:N0} intervals (inserted in {inserted.TotalSeconds:F1} s)");
            Console.WriteLine($"year of balances computed:         {quarterHours:N0} quarter-hours in {computed.TotalSeconds:F1} s ({intervals / computed.TotalSeconds:N0} intervals/s)");
            Console.WriteLine($"one day, {meters} meters, pure:       {pure}");
            Console.WriteLine($"one day's interval rows, SQLite alone (baseline of the read): {floor}");
            Console.WriteLine($"one day, {meters} meters, stored, nothing changed:           {unchanged}");
            Console.WriteLine($"one day, {meters} meters, stored, one meter's late interval: {lateInDay}");
            Console.WriteLine($"its quarter-hour alone (as ingestion queues it):       {lateAlone}");
            Console.WriteLine($"one day, {meters} meters, stored, every row changed:        {everyRow}");
            Console.WriteLine($"year dashboard reads (history):    {yearRead}");
            Console.WriteLine($"month dashboard reads (history):   {monthRead}");
            Console.WriteLine($"year dashboard (SiteDashboard):    {yearDashboard}");
            Console.WriteLine($"month dashboard (SiteDashboard):   {monthDashboard}");
            Console.WriteLine($"year CSV of intervals:             {rows:N0} rows x {meters} meters in {exportTime.TotalSeconds:F2} s = {rows / exportTime.TotalSeconds:N0} rows/s, " +
                $"{rows * meters / exportTime.TotalSeconds:N0} meter values/s, {exportBytes / 1024 / 1024:N0} MiB, working set +{exportPeak / 1024 / 1024:N0} MiB at its peak");
            Console.WriteLine($"database size:                     {new FileInfo(services.GetRequiredService<PortalPaths>().DatabasePath).Length / 1024 / 1024:N0} MiB");
            Console.WriteLine($"peak working set:                  {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024:N0} MiB");
            Console.WriteLine($"load average (1, 5, 15 min):       {File.ReadAllText("/proc/loadavg").Trim()}");
            await app.DisposeAsync();
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    // The owner's year export into a stream that discards it, with the working set sampled while it runs.
    private static async Task<(TimeSpan Time, long Bytes, long PeakGrowth)> ExportYearAsync(IServiceProvider services, Guid siteId, EnergyPeriod year)
    {
        Site site;
        await using (var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            site = await db.Sites.AsNoTracking().SingleAsync(s => s.Id == siteId);
        }

        GC.Collect();
        var before = Process.GetCurrentProcess().WorkingSet64;
        var peak = before;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var self = Process.GetCurrentProcess();
                peak = Math.Max(peak, self.WorkingSet64);
                await Task.Delay(10);
            }
        });
        var counting = new CountingStream();
        var output = PipeWriter.Create(counting);
        var clock = Stopwatch.StartNew();
        await services.GetRequiredService<EnergyCsvExport>().WriteIntervalsAsync(site, year, output, default);
        await output.CompleteAsync();
        var elapsed = clock.Elapsed;
        await stop.CancelAsync();
        await sampler;
        return (elapsed, counting.Length, peak - before);
    }

    /// <summary>A stream that keeps nothing and counts what was written.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>What a dashboard of <paramref name="period"/> reads: totals of it, the period before and a year
    /// earlier, the chart series, the meters' totals and the quarter-hours of the heat map.</summary>
    private static async Task DashboardReadsAsync(EnergyHistory history, Guid siteId, EnergyPeriod period)
    {
        foreach (var p in new[] { period, period.Previous(), period.YearEarlier() })
        {
            var (from, to) = p.ToUtc(Zurich);
            await history.SiteTotalAsync(siteId, from, to, Zurich);
        }

        var (start, end) = period.ToUtc(Zurich);
        await history.SiteSeriesAsync(siteId, period.ChartResolution, start, end);
        await history.MeterTotalsAsync(siteId, start, end, Zurich);
        await history.SiteFigureAsync(siteId, EnergyColumns.Consumption, EnergyResolution.QuarterHour, start, end);
    }

    private static async Task<(Guid SiteId, List<string> MeterIds)> SeedSiteAsync(IServiceProvider services, int meters)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var site = new Site { Name = "Benchmark", CreatedUtc = DateTime.UtcNow, Type = SiteType.StandardRcp };
        db.Sites.Add(site);
        db.Gateways.Add(new Gateway { Id = "gw-bench", SiteId = site.Id, MqttUsername = "gw-bench" });
        db.Buses.Add(new Bus { Id = "bus-bench", GatewayId = "gw-bench", Kind = BusKind.Tcp, Host = "127.0.0.1", Port = 502 });
        var ids = Enumerable.Range(0, meters).Select(i => $"m{i:D3}").ToList();
        for (var i = 0; i < meters; i++)
        {
            var role = i switch { 0 => MeterRole.GridIntroduction, 1 => MeterRole.PvProduction, _ => MeterRole.Consumer };
            db.Meters.Add(new Meter { Id = ids[i], SiteId = site.Id, BusId = "bus-bench", Name = ids[i], Model = "SDM630", UnitId = (i % 247) + 1, Role = role });
        }

        await db.SaveChangesAsync();
        return (site.Id, ids);
    }

    // Raw inserts, as the ingestion writes them: PV by the hour of the day, consumers by a fixed pseudo-random draw,
    // the grid meter the net of both.
    private static long InsertYear(string databasePath, List<string> meterIds, DateTime from, DateTime to)
    {
        using var connection = new SqliteConnection(PortalDatabase.ConnectionString(databasePath));
        connection.Open();
        var random = new Random(42);
        long count = 0;
        var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO MeterIntervals (MeterId, StartUtc, EndUtc, ImportWh, ExportWh, CounterWentBackwards, GatewayId, Sequence, ReceivedUtc) " +
            "VALUES ($meter, $start, $end, $import, $export, 0, 'gw-bench', $sequence, $received);";
        var (meter, start, end, import, export, sequence) = (insert.Parameters.Add("$meter", SqliteType.Text), insert.Parameters.Add("$start", SqliteType.Integer),
            insert.Parameters.Add("$end", SqliteType.Integer), insert.Parameters.Add("$import", SqliteType.Integer), insert.Parameters.Add("$export", SqliteType.Integer),
            insert.Parameters.Add("$sequence", SqliteType.Integer));
        var received = insert.Parameters.Add("$received", SqliteType.Text);
        insert.Transaction = transaction;
        insert.Prepare();
        for (var quarter = from; quarter < to; quarter = quarter.AddMinutes(15))
        {
            var hour = quarter.Hour + (quarter.Minute / 60.0);
            var pv = (long)Math.Max(0, 8000 * Math.Sin((hour - 5) / 14 * Math.PI));
            var consumers = new long[meterIds.Count];
            for (var i = 2; i < consumers.Length; i++)
            {
                consumers[i] = random.Next(10, 250);
            }

            var net = consumers.Sum() + 100 - pv;
            consumers[0] = net;
            consumers[1] = pv;
            for (var i = 0; i < meterIds.Count; i++)
            {
                meter.Value = meterIds[i];
                start.Value = UnixSecondsConverter.ToSeconds(quarter);
                end.Value = UnixSecondsConverter.ToSeconds(quarter.AddMinutes(15));
                received.Value = quarter.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                (import.Value, export.Value) = i switch
                {
                    0 => (Math.Max(net, 0), Math.Max(-net, 0)),
                    1 => (0L, pv),
                    _ => (consumers[i], 0L),
                };
                sequence.Value = ++count;
                insert.ExecuteNonQuery();
            }

            if (count % 100_000 < meterIds.Count)
            {
                transaction.Commit();
                transaction.Dispose();
                transaction = connection.BeginTransaction();
                insert.Transaction = transaction;
            }
        }

        transaction.Commit();
        transaction.Dispose();
        return count;
    }

    private static async Task QueueAsync(IServiceProvider services, Guid siteId, DateTime from, DateTime to)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        db.EnergyRecalculations.Add(new EnergyRecalculation { SiteId = siteId, FromUtc = from, ToUtc = to });
        await db.SaveChangesAsync();
    }

    // The computation of one day without the database: the intervals are in memory already.
    private static Action ComputeDayInMemory(Guid siteId, List<string> meterIds, DateTime dayFrom)
    {
        var topology = new BalanceTopology(siteId, SiteType.StandardRcp, meterIds.Select((id, i) => new BalanceMeter(id, i switch
        {
            0 => MeterRole.GridIntroduction,
            1 => MeterRole.PvProduction,
            _ => MeterRole.Consumer,
        })).ToList());
        var random = new Random(1);
        // A sunny day, as the stored one: the PV meter (1) exports from 07:00 to 19:00, so most quarter-hours split
        // solar among the consumers (with its rounding), as the store's recompute does.
        var intervals = meterIds.Select((_, m) => Enumerable.Range(0, 96)
            .Select(q => new StoredInterval(dayFrom.AddMinutes(15 * q), dayFrom.AddMinutes(15 * (q + 1)), m == 1 ? 0 : random.Next(10, 250),
                m == 1 && q is >= 28 and < 76 ? random.Next(2_000, 12_000) : 0, false)).ToList()).ToArray();
        return () =>
        {
            var readings = new MeterReading[meterIds.Count][];
            for (var m = 0; m < readings.Length; m++)
            {
                readings[m] = new MeterReading[96];
                IntervalSpread.Fill(dayFrom, readings[m], intervals[m]);
            }

            var slice = new MeterReading[meterIds.Count];
            var expected = Enumerable.Repeat(true, meterIds.Count).ToArray();
            var rows = new List<MeterEnergy>(96 * meterIds.Count);
            for (var q = 0; q < 96; q++)
            {
                for (var m = 0; m < slice.Length; m++)
                {
                    slice[m] = readings[m][q];
                }

                QuarterHourBalance.Of(topology, dayFrom.AddMinutes(15 * q), slice, expected, rows);
            }
        };
    }

    // The floor under the store's read, measured in the same run: SQLite stepping the day's rows of every meter in
    // the covering index (one row per interval, as MeterIntervalReader asks) through SQLitePCL, no value read.
    private static Action StepDayRows(SqliteConnection connection, List<string> meterIds, DateTime from, DateTime to)
    {
        var meters = System.Text.Json.JsonSerializer.Serialize(meterIds);
        return () =>
        {
            SQLitePCL.raw.sqlite3_prepare_v2(connection.Handle, "SELECT i.StartUtc FROM json_each($meters) m JOIN MeterIntervals i " +
                "ON i.MeterId = m.value AND i.StartUtc >= $from AND i.StartUtc < $to;", out SQLitePCL.sqlite3_stmt statement);
            using (statement)
            {
                SQLitePCL.raw.sqlite3_bind_text(statement, 1, meters);
                SQLitePCL.raw.sqlite3_bind_int64(statement, 2, UnixSecondsConverter.ToSeconds(from));
                SQLitePCL.raw.sqlite3_bind_int64(statement, 3, UnixSecondsConverter.ToSeconds(to));
                var rows = 0;
                while (SQLitePCL.raw.sqlite3_step(statement) == SQLitePCL.raw.SQLITE_ROW)
                {
                    rows++;
                }

                if (rows != meterIds.Count * (int)((to - from) / TimeSpan.FromMinutes(15)))
                {
                    throw new InvalidOperationException($"{rows} rows stepped, not one per meter and quarter-hour.");
                }
            }
        };
    }

    // Recomputes a queued range through the store; only CatchUpAsync is timed, the change of intervals and the
    // queueing before it are not. Each run's breakdown is kept and its median reported.
    private static async Task<StoreTiming> RecomputeAsync(IServiceProvider services, EnergyBalanceStore store, Guid siteId, int runs,
        Func<int, (DateTime From, DateTime To)> range, Action<int>? change = null)
    {
        var samples = new List<double>();
        var breakdowns = new List<RecomputeTimings>();
        for (var run = 0; run <= runs; run++)
        {
            change?.Invoke(run);
            var (from, to) = range(run);
            await QueueAsync(services, siteId, from, to);
            var clock = Stopwatch.StartNew();
            await store.CatchUpAsync();
            if (run > 0)
            {
                samples.Add(clock.Elapsed.TotalMilliseconds);
                breakdowns.Add(store.LastRecompute!);
            }
        }

        return new StoreTiming(new Timing(samples), breakdowns);
    }

    // A replayed or corrected delivery, written straight into the intervals: the import of one meter (or of every
    // consumer when meterId is null) in [from, to) goes up by 1 Wh on even runs and back down on odd ones.
    private static void ChangeIntervals(string databasePath, string? meterId, DateTime from, DateTime to, int run)
    {
        using var connection = new SqliteConnection(PortalDatabase.ConnectionString(databasePath));
        connection.Open();
        using var update = connection.CreateCommand();
        update.CommandText = "UPDATE MeterIntervals SET ImportWh = ImportWh + $delta WHERE StartUtc >= $from AND StartUtc < $to " +
            "AND (MeterId = $meter OR ($meter IS NULL AND MeterId NOT IN ('m000', 'm001')));";
        update.Parameters.AddWithValue("$delta", run % 2 == 0 ? 1 : -1);
        update.Parameters.AddWithValue("$from", UnixSecondsConverter.ToSeconds(from));
        update.Parameters.AddWithValue("$to", UnixSecondsConverter.ToSeconds(to));
        update.Parameters.AddWithValue("$meter", (object?)meterId ?? DBNull.Value);
        update.ExecuteNonQuery();
    }

    private sealed record StoreTiming(Timing Total, List<RecomputeTimings> Breakdowns)
    {
        public override string ToString()
        {
            string Median(Func<RecomputeTimings, TimeSpan> phase) => $"{Breakdowns.Select(b => phase(b).TotalMilliseconds).Order().ElementAt(Breakdowns.Count / 2):F1}";
            return $"{Total}; median read {Median(b => b.Read)}, compute {Median(b => b.Compute)}, write {Median(b => b.Write)}, " +
                $"roll-ups {Median(b => b.RollUp)}, commit {Median(b => b.Commit)} ms, {Breakdowns[^1].RowsWritten:N0} quarter-hour rows written";
        }
    }

    private static Timing Repeat(int runs, Func<Action> prepare)
    {
        var action = prepare();
        action();
        var samples = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            samples.Add(clock.Elapsed.TotalMilliseconds);
        }

        return new Timing(samples);
    }

    private static async Task<Timing> RepeatAsync(int runs, Func<Task> action)
    {
        await action();
        var samples = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await action();
            samples.Add(clock.Elapsed.TotalMilliseconds);
        }

        return new Timing(samples);
    }

    private sealed record Timing(List<double> Samples)
    {
        public override string ToString()
        {
            var sorted = Samples.Order().ToList();
            double At(double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
            return $"p50 {At(0.5):F1} ms, p95 {At(0.95):F1} ms ({sorted.Count} runs)";
        }
    }
}
