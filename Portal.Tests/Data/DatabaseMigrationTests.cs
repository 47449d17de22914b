using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Accounts;
using Portal.Data;
using Portal.Sites;
using Portal.Tests.Support;

namespace Portal.Tests.Data;

/// <summary>The schema as EF Core migrations make and move it, on real SQLite files.</summary>
public sealed class DatabaseMigrationTests : IDisposable
{
    private const string LegacyPassword = "legacy-passphrase-2026";
    private static readonly Guid Anna = new("5F0C6F4E-8F57-4A4F-9F55-1C1F1D2B3A4C");
    private static readonly Guid Ivo = new("0B6E1C3D-2A4F-4E5B-8C7D-9E0F1A2B3C4D");
    private static readonly Guid SiteId = new("6A1B2C3D-4E5F-4061-8273-94A5B6C7D8E9");
    private static readonly Guid BillingPointId = new("7B2C3D4E-5F60-4172-8384-A5B6C7D8E9FA");
    private static readonly Guid GridConnectionId = new("8C3D4E5F-6071-4283-9495-B6C7D8E9FA0B");

    private readonly string _directory = RepositoryPaths.NewTempDirectory("schema");
    private readonly PortalDatabase _database = new(NullLogger<PortalDatabase>.Instance, TimeProvider.System);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_model_has_no_changes_that_a_migration_does_not_hold()
    {
        using var db = PortalDatabase.CreateContext(":memory:");

        Assert.False(db.Database.HasPendingModelChanges(),
            "The EF model changed since the last migration. Add one: dotnet ef migrations add <Name> --project Portal --output-dir Data/Migrations");
    }

    [Fact]
    public void Migrations_start_with_the_baseline_of_the_script_releases()
    {
        Assert.EndsWith("_Baseline", PortalDatabase.BaselineMigration, StringComparison.Ordinal);
        Assert.True(PortalDatabase.KnownMigrations.Count >= 3);
    }

    [Fact]
    public async Task The_baseline_migration_makes_the_schema_the_old_scripts_made()
    {
        var fromScripts = Path.Combine(_directory, "scripts.db");
        var fromBaseline = Path.Combine(_directory, "baseline.db");
        await LegacyDatabase.CreateAsync(fromScripts);
        await _database.MigrateAsync(fromBaseline, PortalDatabase.BaselineMigration);

        var expected = await SqliteSchema.DescribeAsync(fromScripts);
        var actual = await SqliteSchema.DescribeAsync(fromBaseline);

        Assert.True(expected.SequenceEqual(actual),
            "The baseline migration must make exactly the schema of scripts 0001-0004 (databases of those releases are adopted as at the baseline).\n" +
            $"Only from the scripts:\n  {string.Join("\n  ", expected.Except(actual))}\nOnly from the baseline:\n  {string.Join("\n  ", actual.Except(expected))}");
    }

    [Fact]
    public async Task A_new_database_gets_every_migration_and_the_schema_of_the_model()
    {
        var migrated = Path.Combine(_directory, "portal.db");
        var fromModel = Path.Combine(_directory, "model.db");

        var last = await _database.MigrateAsync(migrated);
        await using (var db = PortalDatabase.CreateContext(fromModel))
        {
            await db.Database.EnsureCreatedAsync();
        }

        Assert.Equal(PortalDatabase.LatestMigration, last);
        Assert.Equal(await SqliteSchema.DescribeAsync(fromModel), await SqliteSchema.DescribeAsync(migrated));
        await using var migratedDb = PortalDatabase.CreateContext(migrated);
        Assert.Equal(Roles.All.Order(StringComparer.Ordinal), await migratedDb.Roles.Select(r => r.Name!).OrderBy(n => n).ToListAsync());
        Assert.False(Directory.Exists(Path.Combine(_directory, "backups")), "A new, empty database needs no backup.");
    }

    [Fact]
    public async Task A_database_of_the_script_releases_is_upgraded_in_place_keeping_every_row()
    {
        var path = Path.Combine(_directory, "portal.db");
        await LegacyDatabase.CreateAsync(path);
        await FillEveryLegacyTableAsync(path);

        var last = await _database.MigrateAsync(path);

        Assert.Equal(PortalDatabase.LatestMigration, last);
        await using var db = PortalDatabase.CreateContext(path);
        Assert.Equal(PortalDatabase.KnownMigrations, await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal(0, await LegacyDatabase.CountAsync(path, "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('__SchemaVersions', 'Users', 'UserRoles')"));

        var anna = await db.Users.SingleAsync(u => u.Id == Anna);
        Assert.Equal(("anna@example.ch", "ANNA@EXAMPLE.CH", "anna@example.ch", "ANNA@EXAMPLE.CH"), (anna.Email, anna.NormalizedEmail, anna.UserName, anna.NormalizedUserName));
        Assert.Equal(("Anna Keller", "stamp-anna", 2, true), (anna.DisplayName, anna.SecurityStamp, anna.AccessFailedCount, anna.LockoutEnabled));
        Assert.Equal(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), anna.CreatedUtc);
        Assert.Equal(PasswordVerificationResult.Success, new PasswordHasher<PortalUser>().VerifyHashedPassword(anna, anna.PasswordHash!, LegacyPassword));
        var ivo = await db.Users.SingleAsync(u => u.Id == Ivo);
        Assert.Equal(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), ivo.LockoutEnd);

        var memberships = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name }).ToListAsync();
        Assert.Equal(["Owner", "Resident"], memberships.Where(m => m.UserId == Anna).Select(m => m.Name!).Order(StringComparer.Ordinal));
        Assert.Equal(["Installer"], memberships.Where(m => m.UserId == Ivo).Select(m => m.Name!));

        var site = await db.Sites.Include(s => s.BillingPoints).Include(s => s.GridConnections).SingleAsync();
        Assert.Equal((SiteId, Anna, "Les Tilleuls", Portal.Commissioning.SiteType.Microgrid, 3), (site.Id, site.OwnerId, site.Name, site.Type, site.WizardStep));
        // The billing point's one resident became its first occupancy, open from the day the site was created.
        var occupancy = await db.Occupancies.SingleAsync();
        Assert.Equal((BillingPointId, Anna, (DateOnly?)null), (occupancy.BillingPointId, occupancy.ResidentId, occupancy.MoveOut));
        Assert.Equal(DateOnly.FromDateTime(site.CreatedUtc), occupancy.MoveIn);
        Assert.Equal(BillingPointKind.Dwelling, Assert.Single(site.BillingPoints).Kind);
        Assert.Equal(80, Assert.Single(site.GridConnections).MainFuseA);
        Assert.Equal("gw-1", (await db.Gateways.SingleAsync()).Id);
        Assert.Equal("Basement", (await db.Buses.SingleAsync()).Building);
        var meter = await db.Meters.SingleAsync();
        Assert.Equal((BillingPointId, GridConnectionId, MeterRole.GridIntroduction), (meter.BillingPointId, meter.GridConnectionId, meter.Role));
        var interval = await db.MeterIntervals.SingleAsync();
        Assert.Equal((1234L, new DateTime(2026, 11, 30, 8, 0, 0, DateTimeKind.Utc)), (interval.ImportWh, interval.StartUtc));
        Assert.Equal(1500.5m, (await db.MeterLiveReadings.SingleAsync()).ActivePowerW);
        Assert.Equal(30m, (await db.PvInstallations.SingleAsync()).PeakKw);
        Assert.Equal(10m, (await db.Batteries.SingleAsync()).CapacityKwh);

        var backup = Assert.Single(Directory.GetFiles(Path.Combine(_directory, "backups"), "portal-v4-*.db"));
        Assert.Equal(2, await LegacyDatabase.CountAsync(backup, "SELECT COUNT(*) FROM Users"));
    }

    [Fact]
    public async Task Accounts_of_the_script_releases_sign_in_with_their_old_passwords_after_the_upgrade()
    {
        var path = Path.Combine(_directory, "portal.db");
        await LegacyDatabase.CreateAsync(path);
        await FillEveryLegacyTableAsync(path);

        // The real start-up path: the portal migrates the file before it listens.
        await using var server = await PortalServer.StartAsync($"--Portal:DatabasePath={path}");
        using var client = server.CreateClient();
        var response = await HttpSignIn.PostSignInAsync(client, "anna@example.ch", LegacyPassword);

        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/owner", response.Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task Interval_instants_stored_as_text_become_unix_seconds_read_the_same_and_go_back_to_text()
    {
        var path = Path.Combine(_directory, "portal.db");
        await LegacyDatabase.CreateAsync(path);
        await FillEveryLegacyTableAsync(path);
        await _database.MigrateAsync(path, BeforeIntegerInstants);
        // A merged gap (the edge was off for half an hour) and a quarter-hour across the October change, as text.
        await LegacyDatabase.ExecuteAsync(path, """
            INSERT INTO "MeterIntervals" ("MeterId", "StartUtc", "EndUtc", "ImportWh", "ExportWh", "CounterWentBackwards", "GatewayId", "Sequence", "ReceivedUtc")
            VALUES ('m-1', '2026-11-30 08:15:00', '2026-11-30 08:45:00', 2000, 5, 0, 'gw-1', 8, '2026-11-30 08:45:02'),
                   ('m-1', '2026-10-25 00:45:00', '2026-10-25 01:00:00', 0, 0, 1, 'gw-1', 9, '2026-10-25 01:00:03');
            """);
        var asText = await InstantsAsync(path);

        await _database.MigrateAsync(path);

        Assert.Equal(0, await LegacyDatabase.CountAsync(path, "SELECT COUNT(*) FROM MeterIntervals WHERE typeof(StartUtc) <> 'integer' OR typeof(EndUtc) <> 'integer'"));
        Assert.Equal(1, await LegacyDatabase.CountAsync(path, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'IX_MeterIntervals_Energy'"));
        await using (var db = PortalDatabase.CreateContext(path))
        {
            var intervals = await db.MeterIntervals.OrderBy(i => i.StartUtc).ToListAsync();
            Assert.Equal(
                [
                    (Utc(2026, 10, 25, 0, 45), Utc(2026, 10, 25, 1, 0), 0L, true, Utc(2026, 10, 25, 1, 0).AddSeconds(3)),
                    (Utc(2026, 11, 30, 8, 0), Utc(2026, 11, 30, 8, 15), 1234L, false, Utc(2026, 11, 30, 8, 15).AddSeconds(1)),
                    (Utc(2026, 11, 30, 8, 15), Utc(2026, 11, 30, 8, 45), 2000L, false, Utc(2026, 11, 30, 8, 45).AddSeconds(2)),
                ],
                intervals.Select(i => (i.StartUtc, i.EndUtc, i.ImportWh, i.CounterWentBackwards, i.ReceivedUtc)));
            Assert.All(intervals, i => Assert.Equal(DateTimeKind.Utc, i.StartUtc.Kind));
            // Range queries compare integers now: the converter turns the bound into seconds too.
            Assert.Equal(2, await db.MeterIntervals.CountAsync(i => i.StartUtc >= Utc(2026, 11, 30, 8, 0) && i.EndUtc <= Utc(2026, 11, 30, 8, 45)));

            await db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync(BeforeIntegerInstants);
        }

        Assert.Equal(asText, await InstantsAsync(path));
    }

    [Fact]
    public async Task An_interval_instant_with_a_fraction_of_a_second_stops_the_migration_instead_of_being_cut_onto_another_key()
    {
        var path = Path.Combine(_directory, "portal.db");
        await LegacyDatabase.CreateAsync(path);
        await FillEveryLegacyTableAsync(path);
        await _database.MigrateAsync(path, BeforeIntegerInstants);
        await LegacyDatabase.ExecuteAsync(path, """
            INSERT INTO "MeterIntervals" ("MeterId", "StartUtc", "EndUtc", "ImportWh", "ExportWh", "CounterWentBackwards", "GatewayId", "Sequence", "ReceivedUtc")
            VALUES ('m-1', '2026-11-30 08:00:00.5', '2026-11-30 08:15:00', 1, 0, 0, 'gw-1', 8, '2026-11-30 08:15:02');
            """);
        var asText = await InstantsAsync(path);

        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => _database.MigrateAsync(path));

        await using var db = PortalDatabase.CreateContext(path);
        Assert.Equal(BeforeIntegerInstants, (await db.Database.GetAppliedMigrationsAsync()).Last());
        Assert.Equal(asText, await InstantsAsync(path));
    }

    private const string BeforeIntegerInstants = "20261202053937_SiteEnergyMeterFingerprint";

    private static DateTime Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, DateTimeKind.Utc);

    // The intervals' instants exactly as stored, with their SQLite types.
    private static async Task<List<string>> InstantsAsync(string path)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT typeof(StartUtc) || ' ' || StartUtc || ' ' || typeof(EndUtc) || ' ' || EndUtc FROM MeterIntervals ORDER BY MeterId, StartUtc";
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    [Fact]
    public async Task Migrating_twice_changes_nothing_the_second_time()
    {
        var path = Path.Combine(_directory, "portal.db");
        await _database.MigrateAsync(path);
        var before = await SqliteSchema.DescribeAsync(path);

        var last = await _database.MigrateAsync(path);

        Assert.Equal(PortalDatabase.LatestMigration, last);
        Assert.Equal(before, await SqliteSchema.DescribeAsync(path));
        Assert.False(Directory.Exists(Path.Combine(_directory, "backups")));
    }

    [Fact]
    public async Task A_database_holding_data_is_copied_before_a_migration_changes_it()
    {
        var path = Path.Combine(_directory, "portal.db");
        await _database.MigrateAsync(path, PortalDatabase.BaselineMigration);
        await LegacyDatabase.ExecuteAsync(path, UsersSql());

        await _database.MigrateAsync(path);

        var backup = Assert.Single(Directory.GetFiles(Path.Combine(_directory, "backups"), $"portal-{PortalDatabase.BaselineMigration}-*.db"));
        Assert.Equal(2, await LegacyDatabase.CountAsync(backup, "SELECT COUNT(*) FROM Users"));
    }

    [Fact]
    public async Task A_database_from_a_newer_release_is_refused_untouched()
    {
        var path = Path.Combine(_directory, "portal.db");
        await _database.MigrateAsync(path);
        await LegacyDatabase.ExecuteAsync(path, "INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ('29991231000000_FromTheFuture', '99.0.0');");
        var before = await SqliteSchema.DescribeAsync(path);

        var error = await Assert.ThrowsAsync<DatabaseRefusedException>(() => _database.MigrateAsync(path));

        Assert.Contains("newer release", error.Message, StringComparison.Ordinal);
        Assert.Contains("29991231000000_FromTheFuture", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await SqliteSchema.DescribeAsync(path));
        Assert.False(Directory.Exists(Path.Combine(_directory, "backups")));
    }

    [Fact]
    public async Task The_portal_refuses_to_start_on_a_database_from_a_newer_release_with_a_clear_message()
    {
        var data = Path.Combine(_directory, "data");
        var path = Path.Combine(data, "portal.db");
        await _database.MigrateAsync(path);
        await LegacyDatabase.ExecuteAsync(path, "INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ('29991231000000_FromTheFuture', '99.0.0');");

        var outcome = await PortalProcess.RunAsync([$"--Portal:DataDirectory={data}", "--urls=http://127.0.0.1:0"]);

        Assert.Equal(Portal.Hosting.PortalCommandLine.DatabaseRefused, outcome.ExitCode);
        Assert.Contains("written by a newer release", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_of_a_script_release_newer_than_the_last_one_is_refused()
    {
        var path = Path.Combine(_directory, "portal.db");
        await LegacyDatabase.CreateAsync(path);
        await LegacyDatabase.ExecuteAsync(path, "INSERT INTO \"__SchemaVersions\" (\"Version\", \"Name\", \"AppliedUtc\") VALUES (5, 'future', '2030-01-01');");

        var error = await Assert.ThrowsAsync<DatabaseRefusedException>(() => _database.MigrateAsync(path));

        Assert.Contains("version 5", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await LegacyDatabase.CountAsync(path, "SELECT COUNT(*) FROM sqlite_master WHERE name = '__EFMigrationsHistory'"));
    }

    private static string UsersSql()
    {
        var hash = new PasswordHasher<PortalUser>().HashPassword(PortalUser.Create("anna@example.ch", "Anna Keller", DateTime.UtcNow), LegacyPassword);
        return $"""
            INSERT INTO "Users" ("Id", "Email", "NormalizedEmail", "DisplayName", "PasswordHash", "SecurityStamp", "ConcurrencyStamp", "LockoutEnabled", "LockoutEnd", "AccessFailedCount", "CreatedUtc")
            VALUES ('{G(Anna)}', 'anna@example.ch', 'ANNA@EXAMPLE.CH', 'Anna Keller', '{hash}', 'stamp-anna', 'c1', 1, NULL, 2, '2026-01-02 03:04:05'),
                   ('{G(Ivo)}', 'ivo@example.ch', 'IVO@EXAMPLE.CH', 'Ivo Installer', '{hash}', 'stamp-ivo', 'c2', 1, '2030-01-01 00:00:00+00:00', 5, '2026-01-02 03:04:05');
            INSERT INTO "UserRoles" ("UserId", "Role") VALUES ('{G(Anna)}', 'Owner'), ('{G(Anna)}', 'Resident'), ('{G(Ivo)}', 'Installer');
            """;
    }

    /// <summary>A Guid as EF Core's SQLite provider writes it.</summary>
    private static string G(Guid id) => id.ToString().ToUpperInvariant();

    /// <summary>One or more rows in every table scripts 0001-0004 made, as the script releases' EF code wrote them.</summary>
    private static async Task FillEveryLegacyTableAsync(string path)
    {
        await LegacyDatabase.ExecuteAsync(path, UsersSql() + $"""
            INSERT INTO "Sites" ("Id", "Name", "Address", "TimeZone", "OwnerId", "CreatedUtc", "Type", "RouterKind", "RouterSerial", "WizardStep", "CommissionedUtc")
            VALUES ('{G(SiteId)}', 'Les Tilleuls', 'Chemin des Tilleuls 12', 'Europe/Zurich', '{G(Anna)}', '2026-02-01 00:00:00', 'Microgrid', 'LAN', 'R-1', 3, NULL);
            INSERT INTO "BillingPoints" ("Id", "SiteId", "Name", "ResidentId") VALUES ('{G(BillingPointId)}', '{G(SiteId)}', 'Apartment 1.1', '{G(Anna)}');
            INSERT INTO "GridConnections" ("Id", "SiteId", "Name", "MainFuseA", "DsoMeterNumber") VALUES ('{G(GridConnectionId)}', '{G(SiteId)}', 'Main', 80, 'DSO-1');
            INSERT INTO "Gateways" ("Id", "SiteId", "Name", "Serial", "MqttUsername", "IsOnline", "LastSeenUtc", "OutboxBacklog", "ConfigVersion", "AckedConfigVersion", "ConfigOutcome", "ConfigRejectReason", "ConfigAckUtc", "Kind")
            VALUES ('gw-1', '{G(SiteId)}', 'Cabinet', 'S-1', 'gw-1', 1, '2026-11-30 08:00:00', 0, 2, 2, 'applied', NULL, '2026-11-30 08:00:00', 'Local');
            INSERT INTO "Buses" ("Id", "GatewayId", "Name", "Kind", "Host", "Port", "Device", "Baud", "Parity", "StopBits", "Building")
            VALUES ('gw-1-c1', 'gw-1', 'Converter 1', 'Tcp', '127.0.0.1', 502, NULL, 9600, 'None', 1, 'Basement');
            INSERT INTO "Meters" ("Id", "SiteId", "BusId", "Name", "Model", "UnitId", "Role", "CtRatio", "Serial", "BillingPointId", "GridConnectionId")
            VALUES ('m-1', '{G(SiteId)}', 'gw-1-c1', 'Grid', 'SDM630', 1, 'GridIntroduction', NULL, '24100100', '{G(BillingPointId)}', '{G(GridConnectionId)}');
            INSERT INTO "MeterIntervals" ("MeterId", "StartUtc", "EndUtc", "ImportWh", "ExportWh", "CounterWentBackwards", "GatewayId", "Sequence", "ReceivedUtc")
            VALUES ('m-1', '2026-11-30 08:00:00', '2026-11-30 08:15:00', 1234, 0, 0, 'gw-1', 7, '2026-11-30 08:15:01');
            INSERT INTO "MeterLiveReadings" ("MeterId", "MeasuredUtc", "ReceivedUtc", "ActivePowerW", "ImportRegisterWh", "ExportRegisterWh", "VoltageL1", "VoltageL2", "VoltageL3", "CurrentL1", "CurrentL2", "CurrentL3", "PowerL1", "PowerL2", "PowerL3", "FrequencyHz")
            VALUES ('m-1', '2026-11-30 08:15:00', '2026-11-30 08:15:01', '1500.5', 123456, 0, '230.1', '230.2', '230.3', '2.1', '2.2', '2.3', '500.1', '500.2', '500.2', '50.0');
            INSERT INTO "PvInstallations" ("Id", "SiteId", "Name", "PeakKw", "Inverter", "MeterId") VALUES ('9D4E5F60-7182-4394-A5B6-C7D8E9FA0B1C', '{G(SiteId)}', 'Roof', '30.0', 'Demo 30 kW', 'm-1');
            INSERT INTO "Batteries" ("Id", "SiteId", "CapacityKwh", "PowerKw", "MeterId") VALUES ('AE5F6071-8293-44A5-B6C7-D8E9FA0B1C2D', '{G(SiteId)}', '10.0', '5.0', 'm-1');
            """);
        Assert.Equal(15, await LegacyDatabase.CountAsync(path, """
            SELECT (SELECT COUNT(*) FROM Users) + (SELECT COUNT(*) FROM UserRoles) + (SELECT COUNT(*) FROM Sites) + (SELECT COUNT(*) FROM BillingPoints)
                 + (SELECT COUNT(*) FROM GridConnections) + (SELECT COUNT(*) FROM Gateways) + (SELECT COUNT(*) FROM Buses) + (SELECT COUNT(*) FROM Meters)
                 + (SELECT COUNT(*) FROM MeterIntervals) + (SELECT COUNT(*) FROM MeterLiveReadings) + (SELECT COUNT(*) FROM PvInstallations) + (SELECT COUNT(*) FROM Batteries)
            """));
    }
}
