using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Commissioning;
using Portal.Data;
using Portal.Sites;

namespace Portal.Benchmarks;

/// <summary>
/// Issue 4: "validating and saving 300 pasted rows (target well under 2 s)". The sheet is what
/// an installer pastes from a spreadsheet: 300 SDM630 rows, 30 per converter on 10 converters.
/// Saving goes into a real SQLite file brought to the latest schema by <see cref="PortalDatabase"/>,
/// one context per operation as the portal's IDbContextFactory gives it, and creates the billing
/// points the rows name, as a bulk import must.
/// </summary>
[MemoryDiagnoser]
public class MeterSheetBenchmarks
{
    private const int Rows = 300;
    private const int Converters = 10;

    private readonly MeterSheetValidator _validator = new(CommissioningResource.DefaultLocalizer);
    private string _directory = "";
    private DbContextOptions<PortalDbContext> _options = null!;
    private Guid _siteId;
    private string _sheet = "";
    private SiteLayout _layout = null!;

    [GlobalSetup]
    public void Setup()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("en-CH");
        _directory = Directory.CreateTempSubdirectory("portal-meter-sheet-bench-").FullName;
        var path = Path.Combine(_directory, "portal.db");
        new PortalDatabase(NullLogger<PortalDatabase>.Instance, TimeProvider.System).MigrateAsync(path).GetAwaiter().GetResult();
        _options = new DbContextOptionsBuilder<PortalDbContext>().UseSqlite(PortalDatabase.ConnectionString(path)).Options;

        var site = new Site { Name = "Benchmark site", Type = SiteType.StandardRcp };
        var connection = new GridConnection { SiteId = site.Id, Name = "Main" };
        var gateway = new Gateway { Id = "gw-bench", SiteId = site.Id, Name = "Gateway", MqttUsername = "gw-bench" };
        var buses = Enumerable.Range(1, Converters)
            .Select(b => new Bus { Id = $"bus-{b}", GatewayId = gateway.Id, Name = $"Converter {b}", Kind = BusKind.Tcp, Host = $"192.168.1.{10 + b}", Port = 502 })
            .ToList();
        using (var db = new PortalDbContext(_options))
        {
            db.Sites.Add(site);
            db.GridConnections.Add(connection);
            db.Gateways.Add(gateway);
            db.Buses.AddRange(buses);
            db.SaveChanges();
        }

        _siteId = site.Id;
        _layout = new SiteLayout(
            site.Type,
            buses.Select(b => new BusSpec(b.Id, b.Name, b.Kind, b.Host, b.Port)).ToList(),
            [new GridConnectionSpec(connection.Id, connection.Name)],
            []);
        _sheet = "Name\tModel\tCT ratio\tSerial\tBus\tUnit id\tRole\tBilling point\n" + string.Join('\n', Enumerable.Range(0, Rows).Select(i =>
            $"Apartment {i / 10}.{i % 10}\tSDM630\t\t{21_000_000 + i}\tConverter {i / 30 + 1}\t{i % 30 + 1}\tconsumer\tApartment {i / 10}.{i % 10}"));
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    /// <summary>The preview: what the installer waits for after pasting.</summary>
    [Benchmark]
    public int Parse_and_validate_300_pasted_rows()
    {
        var parse = MeterSheet.Parse(_sheet);
        return _validator.Check(parse.Rows, _layout).Valid.Count;
    }

    [IterationSetup(Target = nameof(Parse_validate_and_save_300_meters))]
    public void EmptySite()
    {
        using var db = new PortalDbContext(_options);
        db.Meters.ExecuteDelete();
        db.BillingPoints.ExecuteDelete();
    }

    /// <summary>The save button: check again against the stored site, then store meters and their billing points in one transaction.</summary>
    [Benchmark]
    public int Parse_validate_and_save_300_meters()
    {
        using var db = new PortalDbContext(_options);
        var stored = db.Meters.AsNoTracking().Where(m => m.SiteId == _siteId)
            .Select(m => new ExistingMeter(m.Id, m.Name, m.BusId, m.UnitId, m.Role, m.GridConnectionId, m.Serial))
            .ToList();
        var check = _validator.Check(MeterSheet.Parse(_sheet).Rows, _layout with { Meters = stored });
        if (check.HasErrors)
        {
            throw new InvalidOperationException("The benchmark sheet should be valid.");
        }

        var site = db.Sites.Include(s => s.BillingPoints).Include(s => s.GridConnections).Single(s => s.Id == _siteId);
        MeterImport.AddTo(db, site, check.Valid);
        return db.SaveChanges();
    }
}
