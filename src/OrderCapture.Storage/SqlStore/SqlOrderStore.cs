using System.Data.Common;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Outbox;
using static OrderCapture.Storage.Quantities;

namespace OrderCapture.Storage;

/// <summary>
/// What both stores do alike, written once over ADO.NET's common types: every statement that reads
/// the same in both dialects (the <c>Sql/</c> classes, <c>@name</c> parameters) and the rules around
/// it, one partial per port. A dialect says how a write and a read get their connection, and
/// overrides only what it does differently: SQLite's single writer with group commit; PostgreSQL's
/// row locks, array statements, <c>SKIP LOCKED</c> claims and transient-error retry.
/// </summary>
public abstract partial class SqlOrderStore(OutboxSignal outboxSignal, TimeProvider timeProvider)
{
    /// <summary>Wakes the outbox's delivery lanes after a commit that queued messages.</summary>
    private protected OutboxSignal OutboxSignal { get; } = outboxSignal;

    private protected TimeProvider TimeProvider { get; } = timeProvider;

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction and completes once it is committed. The work
    /// may be run again whole (PostgreSQL retries a deadlock victim), so it must not act outside
    /// the database.
    /// </summary>
    private protected abstract Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="work"/> on a connection of its own, outside any write.</summary>
    private protected abstract Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>
    /// What a SELECT that decides a write appends to lock its rows until COMMIT (PostgreSQL's
    /// <c>FOR UPDATE</c>); SQLite's single writer serialises every write and needs none.
    /// </summary>
    private protected virtual string LockRows => "";

    /// <summary>Reads orders with their lines, in the order of <paramref name="keys"/>; missing ones are left out.</summary>
    private protected virtual async Task<IReadOnlyList<Order>> ReadOrdersAsync(DbConnection c, DbTransaction? tx, IReadOnlyList<(string Site, string OrderNo)> keys)
    {
        var orders = new List<Order>(keys.Count);
        foreach (var (site, orderNo) in keys)
        {
            if (await ReadOrderAsync(c, tx, site, orderNo).ConfigureAwait(false) is { } order)
            {
                orders.Add(order);
            }
        }

        return orders;
    }

    private protected virtual async Task<Order?> ReadOrderAsync(DbConnection c, DbTransaction? tx, string site, string orderNo)
    {
        var heads = await QueryAsync(c, tx, OrdersSql.ReadHead, StoreRows.OrderHead, ("@s", site), ("@o", orderNo)).ConfigureAwait(false);
        return heads is [var head]
            ? head with { Lines = await QueryAsync(c, tx, OrdersSql.ReadLines, StoreRows.OrderLine, ("@s", site), ("@o", orderNo)).ConfigureAwait(false) }
            : null;
    }

    private protected static Task<int> InsertOutboxAsync(DbConnection c, DbTransaction tx, OutboxMessage message, DateTimeOffset at, DateTimeOffset? dueAt = null) =>
        ExecuteAsync(c, tx, OutboxSql.Insert,
            ("@k", message.Kind), ("@s", message.Site), ("@o", message.OrderNo), ("@t", message.Target), ("@p", message.Payload), ("@at", ToUnixMs(at)), ("@due", ToUnixMs(dueAt ?? at)));

    private protected static DbCommand NewCommand(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private protected static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = NewCommand(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>The first column of the first row as a number (0 when there is none).</summary>
    private protected static async Task<long> ScalarAsync(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = NewCommand(connection, transaction, sql, parameters);
        return await command.ExecuteScalarAsync().ConfigureAwait(false) switch
        {
            long value => value,
            int value => value,
            decimal value => (long)value,
            _ => 0,
        };
    }

    private protected static async Task<List<T>> QueryAsync<T>(DbConnection connection, DbTransaction? transaction, string sql, Func<DbDataReader, T> map, params (string Name, object? Value)[] parameters)
    {
        var rows = new List<T>();
        await using var command = NewCommand(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            rows.Add(map(reader));
        }

        return rows;
    }
}
