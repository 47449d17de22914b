using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Portal.Data;

/// <summary>The database cannot be used by this release; nothing in it was changed.</summary>
public sealed class DatabaseRefusedException(string message) : InvalidOperationException(message);

/// <summary>
/// Brings the database to this release's schema with the EF Core migrations in
/// <c>Data/Migrations</c>. It only moves a database forward: before it changes one that
/// already holds data it writes a copy to <c>backups/</c> beside it, and it refuses a database
/// that has migrations this release does not know (written by a newer release).
/// A database of the releases before EF migrations (SQL scripts 0001-0004, recorded in
/// <c>__SchemaVersions</c>) is adopted: it has exactly the baseline migration's schema, so the
/// baseline is recorded as applied instead of run, the later migrations move its rows on, and
/// the old version table is dropped once they succeeded.
/// </summary>
public sealed partial class PortalDatabase(ILogger<PortalDatabase> logger, TimeProvider clock)
{
    /// <summary>The table the SQL scripts of earlier releases recorded their versions in.</summary>
    public const string LegacyVersionTable = "__SchemaVersions";

    /// <summary>The last script version of the releases before EF migrations: the baseline migration's schema.</summary>
    public const int LegacyVersion = 4;

    /// <summary>Every migration this release knows, oldest first; the first is the baseline.</summary>
    public static IReadOnlyList<string> KnownMigrations { get; } = LoadMigrations();

    public static string BaselineMigration => KnownMigrations[0];

    public static string LatestMigration => KnownMigrations[^1];

    public static string ConnectionString(string databasePath) =>
        new SqliteConnectionStringBuilder { DataSource = databasePath, ForeignKeys = true, Pooling = false }.ToString();

    public static PortalDbContext CreateContext(string databasePath) =>
        new(new DbContextOptionsBuilder<PortalDbContext>()
            .UseSqlite(ConnectionString(databasePath))
            // SQLite table rebuilds switch foreign keys off outside a transaction, and EF warns that a
            // failure there leaves the migration half applied: the copy in backups/ taken first covers that.
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.NonTransactionalMigrationOperationWarning))
            .Options);

    /// <summary>
    /// Migrates the SQLite file at <paramref name="databasePath"/> to <paramref name="targetMigration"/>
    /// (default: the latest) and answers the last migration applied.
    /// </summary>
    public async Task<string> MigrateAsync(string databasePath, string? targetMigration = null, CancellationToken ct = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        await using var db = CreateContext(databasePath);
        await db.Database.OpenConnectionAsync(ct);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);

        var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).ToList();
        var unknown = applied.Except(KnownMigrations, StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new DatabaseRefusedException(
                $"The database '{databasePath}' was written by a newer release: it has migrations this release does not know ({string.Join(", ", unknown)}; this release ends at {LatestMigration}). " +
                "Start the newer release, or restore a backup made for this one. Nothing was changed.");
        }

        var legacy = await LegacyVersionAsync(db, ct);
        var backedUp = false;
        if (legacy is { } version && applied.Count == 0)
        {
            if (version != LegacyVersion)
            {
                throw new DatabaseRefusedException(
                    $"The database '{databasePath}' has schema script version {version}; this release upgrades only databases at version {LegacyVersion} (the last release before EF migrations) " +
                    $"or made by EF migrations. {(version > LegacyVersion ? "Start the newer release that wrote it." : "Start the release that brings it to version 4 first.")} Nothing was changed.");
            }

            await BackupAsync(db, databasePath, $"v{version}", ct);
            backedUp = true;
            await AdoptLegacyAsync(db, ct);
            applied = [BaselineMigration];
        }

        var target = targetMigration ?? LatestMigration;
        var targetIndex = KnownMigrations.ToList().IndexOf(target);
        if (targetIndex < 0)
        {
            throw new ArgumentException($"Unknown migration '{target}'.", nameof(targetMigration));
        }

        var pending = KnownMigrations.Take(targetIndex + 1).Except(applied, StringComparer.Ordinal).ToList();
        if (pending.Count == 0)
        {
            return applied.Count == 0 ? "" : applied[^1];
        }

        if (applied.Count > 0 && !backedUp)
        {
            await BackupAsync(db, databasePath, applied[^1], ct);
        }

        await db.GetService<IMigrator>().MigrateAsync(target, ct);
        foreach (var migration in pending)
        {
            LogApplied(migration);
        }

        if (legacy is not null)
        {
            // Only now that the later migrations hold the data is the old record of versions dropped.
            await db.Database.ExecuteSqlRawAsync($"DROP TABLE IF EXISTS \"{LegacyVersionTable}\";", ct);
        }

        return pending[^1];
    }

    private static List<string> LoadMigrations()
    {
        using var db = CreateContext(":memory:");
        return db.Database.GetMigrations().ToList();
    }

    /// <summary>The version recorded by the SQL scripts of earlier releases, or null for a database they never touched.</summary>
    private static async Task<int?> LegacyVersionAsync(PortalDbContext db, CancellationToken ct)
    {
        // Those releases ran on SQLite only, so only a SQLite database can be one of theirs.
        if (!db.Database.IsSqlite())
        {
            return null;
        }

        var connection = db.Database.GetDbConnection();
        await using var exists = connection.CreateCommand();
        exists.CommandText = $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{LegacyVersionTable}';";
        if (Convert.ToInt64(await exists.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) == 0)
        {
            return null;
        }

        await using var max = connection.CreateCommand();
        max.CommandText = $"SELECT COALESCE(MAX(\"Version\"), 0) FROM \"{LegacyVersionTable}\";";
        return Convert.ToInt32(await max.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    /// <summary>Records the baseline migration as applied: the scripts already made its tables.</summary>
    private async Task AdoptLegacyAsync(PortalDbContext db, CancellationToken ct)
    {
        var history = db.GetService<IHistoryRepository>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript(), ct);
        await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(BaselineMigration, ProductInfo.GetVersion())), ct);
        await transaction.CommitAsync(ct);
        LogAdopted(BaselineMigration);
    }

    private async Task BackupAsync(PortalDbContext db, string databasePath, string label, CancellationToken ct)
    {
        if (!db.Database.IsSqlite())
        {
            return;
        }

        var backup = Path.Combine(
            Path.GetDirectoryName(Path.GetFullPath(databasePath))!,
            "backups",
            $"{Path.GetFileNameWithoutExtension(databasePath)}-{label}-{clock.GetUtcNow():yyyyMMddHHmmss}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(backup)!);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "VACUUM INTO $path;";
        command.Parameters.Add(new SqliteParameter("$path", backup));
        await command.ExecuteNonQueryAsync(ct);
        LogBackup(backup);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Migration}")]
    private partial void LogApplied(string migration);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database of the schema-script releases adopted: baseline {Migration} recorded as applied")]
    private partial void LogAdopted(string migration);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database copied to {Backup} before changing its schema")]
    private partial void LogBackup(string backup);
}
