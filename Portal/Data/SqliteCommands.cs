using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Portal.Data;

/// <summary>Prepared raw ADO.NET commands for the write paths that bypass EF Core (ingestion, the demo history).</summary>
internal static class SqliteCommands
{
    /// <summary>A command in <paramref name="transaction"/> with one parameter per name, prepared once and bound per row.</summary>
    public static SqliteCommand Prepare(SqliteTransaction transaction, string sql, params string[] parameters)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    /// <summary>Sets the parameters in the order they were declared; null becomes SQL NULL.</summary>
    public static void Bind(DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }
}
