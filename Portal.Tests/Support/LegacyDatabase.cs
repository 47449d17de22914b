using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Portal.Tests.Support;

/// <summary>
/// A database as the releases before EF migrations left it: their four schema scripts (kept as
/// test data in Data/LegacySchema) applied in order and recorded in __SchemaVersions, the way
/// their migrator did it.
/// </summary>
public static class LegacyDatabase
{
    public static async Task CreateAsync(string path, int version = 4)
    {
        var scripts = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Data", "LegacySchema"), "*.sql").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(4, scripts.Count);
        await ExecuteAsync(path, "CREATE TABLE IF NOT EXISTS \"__SchemaVersions\" (\"Version\" INTEGER NOT NULL PRIMARY KEY, \"Name\" TEXT NOT NULL, \"AppliedUtc\" TEXT NOT NULL);");
        foreach (var script in scripts.Take(version))
        {
            var name = Path.GetFileNameWithoutExtension(script);
            var number = int.Parse(name[..4], CultureInfo.InvariantCulture);
            await ExecuteAsync(path,
                await File.ReadAllTextAsync(script) +
                $"\nINSERT INTO \"__SchemaVersions\" (\"Version\", \"Name\", \"AppliedUtc\") VALUES ({number}, '{name[5..]}', '2026-11-30T08:00:00.0000000Z');");
        }
    }

    public static async Task ExecuteAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False;Foreign Keys=True");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<long> CountAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
