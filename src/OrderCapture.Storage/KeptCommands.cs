using System.Data.Common;
using System.Runtime.CompilerServices;

namespace OrderCapture.Storage;

/// <summary>A connection's commands kept compiled between uses (see <see cref="KeptCommands"/>).</summary>
internal interface IKeptCommands
{
    /// <summary>
    /// The kept command for <paramref name="sql"/>, its parameters as last bound; null when it is
    /// already in use (a statement run inside a read of the same one), so the caller makes its own.
    /// Disposing it gives it back.
    /// </summary>
    DbCommand? Rent(string sql);
}

/// <summary>
/// Commands kept compiled on a connection that lives as long as its store — SQLite's single writer —
/// so a statement the capture and reconcile paths run thousands of times a second is parsed and
/// planned once, not on every order. A dialect registers such a connection; the store's command
/// helpers look here first. PostgreSQL registers none: Npgsql prepares on its own.
/// </summary>
internal static class KeptCommands
{
    private static readonly ConditionalWeakTable<DbConnection, IKeptCommands> ByConnection = [];

    public static void Keep(DbConnection connection, IKeptCommands commands) => ByConnection.AddOrUpdate(connection, commands);

    /// <summary>
    /// A command for <paramref name="sql"/> on <paramref name="connection"/> in
    /// <paramref name="transaction"/> with <paramref name="parameters"/> bound: a kept one where the
    /// connection keeps them, else a new one. Either way the caller disposes it.
    /// </summary>
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        if (ByConnection.TryGetValue(connection, out var kept) && kept.Rent(sql) is { } command)
        {
            command.Transaction = transaction;
            foreach (var (name, value) in parameters)
            {
                if (command.Parameters.Contains(name))
                {
                    command.Parameters[name].Value = value ?? DBNull.Value;
                }
                else
                {
                    Add(command, name, value);
                }
            }

            return command;
        }

        command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            Add(command, name, value);
        }

        return command;
    }

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
