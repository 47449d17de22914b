using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Data;
using Portal.Tests.Support;

namespace Portal.Tests.Data;

public sealed class SchemaMigrationTests : IDisposable
{
    private readonly string _directory = RepositoryPaths.NewTempDirectory("schema");
    private readonly SchemaMigrator _migrator = new(NullLogger<SchemaMigrator>.Instance);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Migrated_schema_matches_the_EF_model()
    {
        var migrated = Path.Combine(_directory, "migrated.db");
        var fromModel = Path.Combine(_directory, "model.db");
        await _migrator.MigrateAsync(migrated);
        await using (var db = NewContext(fromModel))
        {
            await db.Database.EnsureCreatedAsync();
        }

        var expected = await SqliteSchema.DescribeAsync(fromModel);
        var actual = await SqliteSchema.DescribeAsync(migrated);

        var missing = expected.Except(actual).ToList();
        var extra = actual.Except(expected).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            "The schema scripts in Portal/Data/Migrations and the EF model disagree. Add a script; `Portal schema-sql` prints what the model expects.\n" +
            $"Missing from the scripts:\n  {string.Join("\n  ", missing)}\nIn the scripts but not in the model:\n  {string.Join("\n  ", extra)}");
    }

    [Fact]
    public async Task Migrating_an_existing_database_keeps_its_data_and_writes_a_backup_first()
    {
        var path = Path.Combine(_directory, "portal.db");
        await _migrator.MigrateAsync(path, targetVersion: 1);
        await ExecuteAsync(path,
            "INSERT INTO Users (Id, Email, NormalizedEmail, DisplayName, PasswordHash, SecurityStamp, ConcurrencyStamp, LockoutEnabled, AccessFailedCount, CreatedUtc) " +
            "VALUES ('5f0c6f4e-8f57-4a4f-9f55-1c1f1d2b3a4c', 'anna@example.ch', 'ANNA@EXAMPLE.CH', 'Anna', 'hash', 's', 'c', 1, 0, '2026-01-01 00:00:00');" +
            "INSERT INTO UserRoles (UserId, Role) VALUES ('5f0c6f4e-8f57-4a4f-9f55-1c1f1d2b3a4c', 'Owner');");

        var version = await _migrator.MigrateAsync(path);
        await using var db = NewContext(path);
        var anna = await db.Users.Include(u => u.Roles).SingleAsync();

        Assert.Equal(SchemaMigrator.LatestVersion, version);
        Assert.Equal("anna@example.ch", anna.Email);
        Assert.Equal("Owner", Assert.Single(anna.Roles).Role);
        Assert.Single(Directory.GetFiles(Path.Combine(_directory, "backups"), "portal-v1-*.db"));
    }

    [Fact]
    public async Task Migrating_twice_changes_nothing_the_second_time()
    {
        var path = Path.Combine(_directory, "portal.db");
        await _migrator.MigrateAsync(path);
        var before = await SqliteSchema.DescribeAsync(path);

        var version = await _migrator.MigrateAsync(path);

        Assert.Equal(SchemaMigrator.LatestVersion, version);
        Assert.Equal(before, await SqliteSchema.DescribeAsync(path));
        Assert.False(Directory.Exists(Path.Combine(_directory, "backups")));
    }

    [Fact]
    public async Task A_database_from_a_newer_release_is_refused_untouched()
    {
        var path = Path.Combine(_directory, "portal.db");
        await _migrator.MigrateAsync(path);
        await ExecuteAsync(path, $"INSERT INTO __SchemaVersions (Version, Name, AppliedUtc) VALUES ({SchemaMigrator.LatestVersion + 1}, 'future', '2030-01-01');");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _migrator.MigrateAsync(path));

        Assert.Contains("newer than this release", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_script_leaves_the_database_at_the_previous_version()
    {
        var path = Path.Combine(_directory, "portal.db");
        await _migrator.MigrateAsync(path, targetVersion: 1);
        // Make script 2 fail half-way: its second table already exists.
        await ExecuteAsync(path, "CREATE TABLE \"BillingPoints\" (\"Id\" TEXT);");

        await Assert.ThrowsAsync<SqliteException>(() => _migrator.MigrateAsync(path));

        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        Assert.Equal(1, await SchemaMigrator.CurrentVersionAsync(connection));
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE name = 'Sites'";
        Assert.Equal(0L, await command.ExecuteScalarAsync());
    }

    private static PortalDbContext NewContext(string path) =>
        new(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite(SchemaMigrator.ConnectionString(path)).Options);

    private static async Task ExecuteAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
