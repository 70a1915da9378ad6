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
        DbCommand command;
        var rented = ByConnection.TryGetValue(connection, out var kept) ? kept.Rent(sql) : null;
        if (rented is not null && SameNames(rented.Parameters, parameters))
        {
            // Bound again in place; the compiled statement stays.
            command = rented;
            for (var i = 0; i < parameters.Length; i++)
            {
                command.Parameters[i].Value = parameters[i].Value ?? DBNull.Value;
            }
        }
        else
        {
            // A new command, or a kept one first used or called with other names: bound from nothing,
            // so no value of an earlier call can stand in for one this call left out.
            command = rented ?? connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.Clear();
            foreach (var (name, value) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }
        }

        command.Transaction = transaction;
        return command;
    }

    private static bool SameNames(DbParameterCollection bound, (string Name, object? Value)[] parameters)
    {
        if (bound.Count != parameters.Length)
        {
            return false;
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            if (!string.Equals(bound[i].ParameterName, parameters[i].Name, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
