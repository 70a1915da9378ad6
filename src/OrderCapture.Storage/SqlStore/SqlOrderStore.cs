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
    /// The store's clock (<see cref="IStoreClock"/>): the database server's where several instances
    /// share it, the process's where one owns the store.
    /// </summary>
    public abstract Task<DateTimeOffset> NowAsync(CancellationToken cancellationToken);

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

    /// <summary>
    /// The keys of a read of many orders as a relation <c>k(site, order_no)</c> a statement can join,
    /// with its parameters: PostgreSQL's <c>unnest</c> of two arrays, SQLite's <c>json_each</c> of one array.
    /// </summary>
    private protected abstract (string Relation, (string Name, object? Value)[] Parameters) KeysRelation(IReadOnlyList<(string Site, string OrderNo)> keys);

    /// <summary>
    /// Reads orders with their lines, in the order of <paramref name="keys"/>; missing ones are left
    /// out. One order: its two statements by key. More (a claim reads hundreds): two statements for
    /// all of them, heads and lines, joined to the keys, instead of two per order.
    /// </summary>
    private protected async Task<IReadOnlyList<Order>> ReadOrdersAsync(DbConnection c, DbTransaction? tx, IReadOnlyList<(string Site, string OrderNo)> keys)
    {
        switch (keys)
        {
            case []:
                return [];
            case [var (site, orderNo)]:
                var head = await QueryAsync(c, tx, OrdersSql.ReadHead, StoreRows.OrderHead, ("@s", site), ("@o", orderNo)).ConfigureAwait(false);
                return head is [var found]
                    ? [found with { Lines = await QueryAsync(c, tx, OrdersSql.ReadLines, StoreRows.OrderLine, ("@s", site), ("@o", orderNo)).ConfigureAwait(false) }]
                    : [];
        }

        var (relation, byKeys) = KeysRelation([.. keys.Distinct()]); // a key given twice would read its rows twice
        var heads = (await QueryAsync(c, tx, OrdersSql.ReadHeadsOf(relation), StoreRows.OrderHead, byKeys).ConfigureAwait(false))
            .ToDictionary(h => (h.Site, h.OrderNo));
        var lines = (await QueryAsync(c, tx, OrdersSql.ReadLinesOf(relation), r => (Key: StoreRows.OrderKey(r), Line: StoreRows.OrderLine(r)), byKeys).ConfigureAwait(false))
            .GroupBy(x => x.Key).ToDictionary(g => g.Key, g => g.Select(x => x.Line).ToList());
        return [.. keys.Where(heads.ContainsKey).Select(k => heads[k] with { Lines = lines.GetValueOrDefault(k) ?? [] })];
    }

    private protected async Task<Order?> ReadOrderAsync(DbConnection c, DbTransaction? tx, string site, string orderNo) =>
        await ReadOrdersAsync(c, tx, [(site, orderNo)]).ConfigureAwait(false) is [var order] ? order : null;

    private protected static Task<int> InsertOutboxAsync(DbConnection c, DbTransaction tx, OutboxMessage message, DateTimeOffset at, DateTimeOffset? dueAt = null) =>
        ExecuteAsync(c, tx, OutboxSql.Insert,
            ("@k", message.Kind), ("@s", message.Site), ("@o", message.OrderNo), ("@t", message.Target), ("@p", message.Payload), ("@at", ToUnixMs(at)), ("@due", ToUnixMs(dueAt ?? at)));

    /// <summary>A command the caller disposes; a kept one where the dialect keeps its connection's commands (<see cref="KeptCommands"/>).</summary>
    private protected static DbCommand NewCommand(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters) =>
        KeptCommands.Command(connection, transaction, sql, parameters);

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
        await using var command = NewCommand(connection, transaction, sql, parameters);
        return await ReadAllAsync(command, map).ConfigureAwait(false);
    }

    private static async Task<List<T>> ReadAllAsync<T>(DbCommand command, Func<DbDataReader, T> map)
    {
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            rows.Add(map(reader));
        }

        return rows;
    }
}
