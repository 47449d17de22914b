using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Accounts;
using Portal.Billing;
using Portal.Billing.Tariffs;
using Portal.Commissioning;
using Portal.Data;
using Portal.Energy;
using Portal.Hosting;
using Portal.Sites;

namespace Portal.Benchmarks;

/// <summary>
/// Issue 10 benchmark: one site with 500 billing points (one consumption meter and one resident each) and a quarter of
/// stored 15-minute balances (the real <see cref="QuarterHourBalance"/> of generated readings, 4.4 million meter rows),
/// in a real SQLite file. Measures a billing run as the owner runs it: creating the drafts (reading the rows,
/// allocating, pricing), approving, and issuing (numbers, references, QR-bills and PDFs, in one transaction).
/// Run: dotnet run -c Release --project Portal.Benchmarks -- --billing [points]
/// </summary>
public static class BillingBenchmark
{
    private static readonly TimeZoneInfo Zurich = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");

    public static async Task<int> RunAsync(int points)
    {
        var directory = Directory.CreateTempSubdirectory("portal-billing-bench-").FullName;
        try
        {
            var app = await BenchmarkPortal.StartAsync(directory);
            var services = app.Services;
            var period = BillingPeriod.Quarter(2026, 1);
            var (siteId, ownerId, meterIds) = await SeedSiteAsync(services, points);
            var seeding = Stopwatch.StartNew();
            var rows = InsertBalances(services.GetRequiredService<PortalPaths>().DatabasePath, siteId, meterIds,
                EnergyBuckets.LocalMidnight(period.Start, Zurich), EnergyBuckets.LocalMidnight(period.End, Zurich));
            seeding.Stop();

            var owner = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, Roles.Owner), new Claim(ClaimTypes.NameIdentifier, ownerId.ToString())], "benchmark"));
            using var scope = services.CreateScope();
            var runs = scope.ServiceProvider.GetRequiredService<BillingRuns>();
            var readOnly = Stopwatch.StartNew();
            long visited = 0;
            await services.GetRequiredService<EnergyHistory>().ForEachMeterQuarterHourAsync(siteId, meterIds, EnergyBuckets.LocalMidnight(period.Start, Zurich),
                EnergyBuckets.LocalMidnight(period.End, Zurich), (_, _, _, _, _) => visited++);
            Console.WriteLine($"reading the stored rows alone:    {readOnly.Elapsed.TotalSeconds:F2} s for {visited:N0} rows");
            var total = Stopwatch.StartNew();
            var created = await runs.CreateAsync(owner, siteId, period);
            var drafted = total.Elapsed;
            if (!created.Succeeded)
            {
                Console.Error.WriteLine(string.Join(Environment.NewLine, created.Errors));
                return 1;
            }

            var approved = await runs.ApproveAsync(owner, created.RunId!.Value);
            var issueStart = total.Elapsed;
            var issued = approved.Succeeded ? await runs.IssueAsync(owner, created.RunId!.Value) : approved;
            total.Stop();
            if (!issued.Succeeded)
            {
                Console.Error.WriteLine(string.Join(Environment.NewLine, issued.Errors));
                return 1;
            }

            await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
            var invoices = await db.Invoices.CountAsync(i => i.BillingRunId == created.RunId && i.Pdf != null);
            var pdfBytes = await db.Invoices.Where(i => i.BillingRunId == created.RunId).SumAsync(i => (long)i.Pdf!.Length);
            var issuing = total.Elapsed - issueStart;
            Console.WriteLine();
            Console.WriteLine($"billing points x quarter-hours:   {points} x {rows / points:N0} = {rows:N0} stored meter quarter-hours (seeded in {seeding.Elapsed.TotalSeconds:F1} s)");
            Console.WriteLine($"drafts (read, allocate, price):   {drafted.TotalSeconds:F2} s for {points} accounts ({rows / drafted.TotalSeconds:N0} meter quarter-hours/s)");
            Console.WriteLine($"issue (numbers, QR-bills, PDFs):  {issuing.TotalSeconds:F2} s for {invoices} invoices ({invoices / issuing.TotalSeconds:N1} invoices/s, {pdfBytes / Math.Max(1, invoices) / 1024.0:N0} KiB per PDF)");
            Console.WriteLine($"whole run (target < 30 s):        {total.Elapsed.TotalSeconds:F2} s, {invoices / total.Elapsed.TotalSeconds:N1} invoices/s");
            Console.WriteLine($"load average (1, 5, 15 min):      {File.ReadAllText("/proc/loadavg").Trim()}");
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<(Guid SiteId, Guid OwnerId, List<string> MeterIds)> SeedSiteAsync(IServiceProvider services, int points)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var now = DateTime.UtcNow;
        var owner = PortalUser.Create("owner@bench.example", "Bench Owner", now);
        db.Users.Add(owner);
        var site = new Site { Name = "Billing benchmark", CreatedUtc = now, Type = SiteType.StandardRcp, OwnerId = owner.Id };
        db.Sites.Add(site);
        db.Gateways.Add(new Gateway { Id = "gw-bill", SiteId = site.Id, MqttUsername = "gw-bill" });
        // A Modbus bus addresses at most 247 units: 240 consumption meters per bus.
        for (var bus = 0; bus <= points / 240; bus++)
        {
            db.Buses.Add(new Bus { Id = bus == 0 ? "bus-bill" : $"bus-bill-{bus}", GatewayId = "gw-bill", Kind = BusKind.Tcp, Host = "127.0.0.1", Port = 502 + bus });
        }

        db.Meters.Add(new Meter { Id = "grid", SiteId = site.Id, BusId = "bus-bill", Name = "Grid", Model = "SDM630", UnitId = 1, Role = MeterRole.GridIntroduction });
        db.Meters.Add(new Meter { Id = "pv", SiteId = site.Id, BusId = "bus-bill", Name = "PV", Model = "SDM630", UnitId = 2, Role = MeterRole.PvProduction });
        var ids = new List<string>();
        for (var i = 0; i < points; i++)
        {
            var resident = PortalUser.Create($"resident{i}@bench.example", $"Resident {i:D3}", now);
            resident.PostalAddress = new StructuredAddress(resident.DisplayName, "Sonnenweg", $"{i + 1}", "8001", "Zürich", "CH");
            db.Users.Add(resident);
            var point = new BillingPoint { SiteId = site.Id, Name = $"Unit {i:D3}" };
            point.Occupancies.Add(new Occupancy { ResidentId = resident.Id, MoveIn = new DateOnly(2025, 1, 1), CreatedUtc = now });
            db.BillingPoints.Add(point);
            var id = $"c{i:D3}";
            ids.Add(id);
            db.Meters.Add(new Meter { Id = id, SiteId = site.Id, BusId = i < 240 ? "bus-bill" : $"bus-bill-{i / 240}", Name = id, Model = "SDM630", UnitId = (i % 240) + 3, Role = MeterRole.Consumer, BillingPointId = point.Id });
        }

        db.Tariffs.Add(new Tariff
        {
            SiteId = site.Id, ValidFrom = new DateOnly(2025, 1, 1), SolarPricePerKwh = 0.20m, GridPriceHtPerKwh = 0.32m, GridPriceNtPerKwh = 0.22m,
            MeteringFeePerMonth = 4m, BillingFeePerMonth = 2.5m, Calendar = TariffCalendarPresets.Winterthur(),
        });
        db.SiteBillingSettings.Add(new SiteBillingSettings
        {
            SiteId = site.Id, IssuerName = "ZEV Sonnenhof", IssuerStreet = "Bahnhofstrasse", IssuerBuildingNumber = "12", IssuerPostalCode = "8001",
            IssuerTown = "Zürich", IssuerCountry = "CH", Iban = "CH4431999123000889012", VatRegistered = true, VatNumber = "CHE-123.456.789 MWST", UpdatedUtc = now,
        });
        await db.SaveChangesAsync();
        return (site.Id, owner.Id, ids);
    }

    // Each quarter-hour balanced by the real QuarterHourBalance from generated readings (PV by the hour of the day,
    // consumers by a fixed pseudo-random draw, the grid meter the net), its site and meter rows inserted as the store does.
    private static long InsertBalances(string databasePath, Guid siteId, List<string> consumerIds, DateTime from, DateTime to)
    {
        var topology = new BalanceTopology(siteId, SiteType.StandardRcp,
            [new BalanceMeter("grid", MeterRole.GridIntroduction), new BalanceMeter("pv", MeterRole.PvProduction), .. consumerIds.Select(id => new BalanceMeter(id, MeterRole.Consumer))]);
        using var connection = new SqliteConnection(PortalDatabase.ConnectionString(databasePath));
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var site = connection.CreateCommand();
        site.Transaction = transaction;
        site.CommandText = $"INSERT INTO SiteEnergy (SiteId, Resolution, StartUtc, {EnergyColumns.SiteNames}) VALUES ($site, 0, $start, {string.Join(", ", EnergyColumns.Site.Select((_, i) => $"$c{i}"))});";
        var siteKey = site.Parameters.AddWithValue("$site", EnergyBalanceStore.SiteKey(siteId));
        var siteStart = site.Parameters.Add("$start", SqliteType.Integer);
        var columns = EnergyColumns.Site.Select((_, i) => site.Parameters.Add($"$c{i}", SqliteType.Integer)).ToList();
        using var meter = connection.CreateCommand();
        meter.Transaction = transaction;
        meter.CommandText = "INSERT INTO MeterEnergy (MeterId, SiteId, Resolution, StartUtc, ConsumedWh, SolarWh, EstimatedQuarterHours) VALUES ($meter, $site, 0, $start, $consumed, $solar, 0);";
        meter.Parameters.AddWithValue("$site", siteKey.Value);
        var (meterId, meterStart, consumed, solar) = (meter.Parameters.Add("$meter", SqliteType.Text), meter.Parameters.Add("$start", SqliteType.Integer),
            meter.Parameters.Add("$consumed", SqliteType.Integer), meter.Parameters.Add("$solar", SqliteType.Integer));
        site.Prepare();
        meter.Prepare();
        var random = new Random(42);
        var readings = new MeterReading[topology.Meters.Count];
        var expected = Enumerable.Repeat(true, readings.Length).ToArray();
        var rows = new List<MeterEnergy>(consumerIds.Count);
        long count = 0;
        for (var quarter = from; quarter < to; quarter = quarter.AddMinutes(15))
        {
            var local = TimeZoneInfo.ConvertTimeFromUtc(quarter, Zurich);
            var hour = local.Hour + (local.Minute / 60.0);
            var pv = (long)Math.Max(0, 60_000 * Math.Sin((hour - 7) / 10 * Math.PI));
            long load = 0;
            for (var i = 2; i < readings.Length; i++)
            {
                var wh = random.Next(10, 250);
                load += wh;
                readings[i] = new MeterReading(wh, 0, false, false);
            }

            var net = load + 300 - pv;
            readings[0] = new MeterReading(Math.Max(net, 0), Math.Max(-net, 0), false, false);
            readings[1] = new MeterReading(0, pv, false, false);
            rows.Clear();
            var balance = QuarterHourBalance.Of(topology, quarter, readings, expected, rows);
            siteStart.Value = UnixSecondsConverter.ToSeconds(quarter);
            for (var c = 0; c < columns.Count; c++)
            {
                columns[c].Value = EnergyColumns.Site[c].Get(balance);
            }

            site.ExecuteNonQuery();
            meterStart.Value = siteStart.Value;
            foreach (var row in rows)
            {
                (meterId.Value, consumed.Value, solar.Value) = (row.MeterId, row.ConsumedWh, row.SolarWh);
                meter.ExecuteNonQuery();
                count++;
            }
        }

        transaction.Commit();
        return count;
    }
}
