using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Portal.Data;

/// <summary>One versioned schema script, embedded from <c>Data/Migrations/NNNN_name.sql</c>.</summary>
public sealed record SchemaScript(int Version, string Name, string Sql);

/// <summary>
/// Applies the embedded SQL scripts in version order, each in its own transaction together
/// with its row in <c>__SchemaVersions</c>. It only ever moves a database forward: it never
/// drops or recreates one, and it refuses a database written by a newer release. Before it
/// changes a database that already holds data it writes a copy next to it.
/// </summary>
public sealed partial class SchemaMigrator(ILogger<SchemaMigrator> logger)
{
    private const string VersionTable = "__SchemaVersions";

    public static IReadOnlyList<SchemaScript> Scripts { get; } = LoadScripts();

    public static int LatestVersion => Scripts[^1].Version;

    /// <summary>Brings the database at <paramref name="databasePath"/> to <paramref name="targetVersion"/> (default: latest).</summary>
    public async Task<int> MigrateAsync(string databasePath, int? targetVersion = null, CancellationToken ct = default)
    {
        var target = targetVersion ?? LatestVersion;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        await using var connection = new SqliteConnection(ConnectionString(databasePath));
        await connection.OpenAsync(ct);
        await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", ct);
        await ExecuteAsync(connection, null,
            $"CREATE TABLE IF NOT EXISTS \"{VersionTable}\" (\"Version\" INTEGER NOT NULL PRIMARY KEY, \"Name\" TEXT NOT NULL, \"AppliedUtc\" TEXT NOT NULL);", ct);

        var current = await CurrentVersionAsync(connection, ct);
        if (current > LatestVersion)
        {
            throw new InvalidOperationException(
                $"The database '{databasePath}' has schema version {current}, newer than this release knows ({LatestVersion}). Start the newer release or restore a backup; nothing was changed.");
        }

        var pending = Scripts.Where(s => s.Version > current && s.Version <= target).ToList();
        if (pending.Count == 0)
        {
            return current;
        }

        if (current > 0)
        {
            await BackupAsync(connection, databasePath, current, ct);
        }

        foreach (var script in pending)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            await ExecuteAsync(connection, transaction, script.Sql, ct);
            await using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = $"INSERT INTO \"{VersionTable}\" (\"Version\", \"Name\", \"AppliedUtc\") VALUES ($v, $n, $t);";
                record.Parameters.AddWithValue("$v", script.Version);
                record.Parameters.AddWithValue("$n", script.Name);
                record.Parameters.AddWithValue("$t", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
                await record.ExecuteNonQueryAsync(ct);
            }

            await transaction.CommitAsync(ct);
            LogApplied(script.Version, script.Name);
        }

        return pending[^1].Version;
    }

    public static async Task<int> CurrentVersionAsync(SqliteConnection connection, CancellationToken ct = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COALESCE(MAX(\"Version\"), 0) FROM \"{VersionTable}\";";
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    public static string ConnectionString(string databasePath) =>
        new SqliteConnectionStringBuilder { DataSource = databasePath, ForeignKeys = true, Pooling = false }.ToString();

    private async Task BackupAsync(SqliteConnection connection, string databasePath, int version, CancellationToken ct)
    {
        var backup = Path.Combine(
            Path.GetDirectoryName(Path.GetFullPath(databasePath))!,
            "backups",
            $"{Path.GetFileNameWithoutExtension(databasePath)}-v{version}-{DateTime.UtcNow:yyyyMMddHHmmss}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(backup)!);
        await using var command = connection.CreateCommand();
        command.CommandText = "VACUUM INTO $path;";
        command.Parameters.AddWithValue("$path", backup);
        await command.ExecuteNonQueryAsync(ct);
        LogBackup(backup);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static List<SchemaScript> LoadScripts()
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var scripts = new List<SchemaScript>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var match = ScriptName().Match(resource);
            if (!match.Success)
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            scripts.Add(new SchemaScript(
                int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture),
                match.Groups["name"].Value,
                reader.ReadToEnd()));
        }

        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < scripts.Count; i++)
        {
            if (scripts[i].Version != i + 1)
            {
                throw new InvalidOperationException($"Schema scripts must be numbered 1, 2, 3... without gaps; found {scripts[i].Version} at position {i + 1}.");
            }
        }

        return scripts;
    }

    [GeneratedRegex(@"\.Data\.Migrations\.(?<version>\d{4})_(?<name>[A-Za-z0-9_]+)\.sql$")]
    private static partial Regex ScriptName();

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied schema script {Version} ({Name})")]
    private partial void LogApplied(int version, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database copied to {Backup} before changing its schema")]
    private partial void LogBackup(string backup);
}
