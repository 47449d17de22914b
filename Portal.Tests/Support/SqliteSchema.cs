using Microsoft.Data.Sqlite;

namespace Portal.Tests.Support;

/// <summary>A comparable description of a SQLite schema: tables, columns, keys, indexes, foreign keys (bookkeeping tables of migrations left out).</summary>
public static class SqliteSchema
{
    public static async Task<IReadOnlyList<string>> DescribeAsync(string databasePath)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await connection.OpenAsync();
        var lines = new List<string>();
        foreach (var table in await ListAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('__SchemaVersions', '__EFMigrationsHistory', '__EFMigrationsLock')"))
        {
            lines.Add($"table {table}");
            lines.AddRange(await RowsAsync(connection, $"PRAGMA table_info(\"{table}\")",
                r => $"  column {table}.{r.GetString(1)} {r.GetString(2)} notnull={r.GetInt32(3)} pk={r.GetInt32(5)}"));
            lines.AddRange(await RowsAsync(connection, $"PRAGMA foreign_key_list(\"{table}\")",
                r => $"  foreign key {table}.{r.GetString(3)} -> {r.GetString(2)}.{r.GetString(4)} on delete {r.GetString(6)}"));
            foreach (var index in await RowsAsync(connection, $"PRAGMA index_list(\"{table}\")", r => (Name: r.GetString(1), Unique: r.GetInt32(2), Origin: r.GetString(3))))
            {
                var columns = await RowsAsync(connection, $"PRAGMA index_info(\"{index.Name}\")", r => r.GetString(2));
                // Indexes SQLite makes for primary keys carry generated names; compare them by columns only.
                var name = index.Origin == "c" ? index.Name : index.Origin;
                lines.Add($"  index {table}.{name} unique={index.Unique} ({string.Join(", ", columns)})");
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static Task<List<string>> ListAsync(SqliteConnection connection, string sql) => RowsAsync(connection, sql, r => r.GetString(0));

    private static async Task<List<T>> RowsAsync<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> read)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
