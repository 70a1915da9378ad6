using System.Data.Common;
using OrderCapture.Core.Retention;
using static OrderCapture.Storage.Quantities;

namespace OrderCapture.Storage;

public abstract partial class SqlOrderStore
{
    public async Task<PurgeResult> PurgeAsync(PurgeCutoffs cutoffs, CancellationToken cancellationToken)
    {
        var size = cutoffs.BatchSize;
        var orders = await RetentionSql.InBatchesAsync(size, () => WriteAsync((c, tx) => PurgeOrdersAsync(c, tx, cutoffs.Orders, size), cancellationToken)).ConfigureAwait(false);
        var outbox = await DeleteInBatchesAsync(RetentionSql.DeliveredOutbox, cutoffs.DeliveredOutbox, size, cancellationToken).ConfigureAwait(false);
        var alerts = await DeleteInBatchesAsync(RetentionSql.Alerts, cutoffs.Alerts, size, cancellationToken).ConfigureAwait(false);
        var transitions = await DeleteInBatchesAsync(RetentionSql.Connectivity, cutoffs.Connectivity, size, cancellationToken).ConfigureAwait(false);
        await AfterPurgeAsync(cancellationToken).ConfigureAwait(false);
        return new PurgeResult(orders, outbox, alerts, transitions, DailyFiles: 0);
    }

    /// <summary>Removes one batch (at most <paramref name="size"/>) of finished orders past <paramref name="before"/>, lines and holds with them.</summary>
    private protected virtual async Task<int> PurgeOrdersAsync(DbConnection c, DbTransaction tx, DateTimeOffset before, int size)
    {
        var keys = await QueryAsync(c, tx, RetentionSql.PurgeableOrders, StoreRows.OrderKey, ("@before", ToUnixMs(before)), ("@n", size)).ConfigureAwait(false);
        foreach (var (site, orderNo) in keys)
        {
            await ExecuteAsync(c, tx, OrdersSql.DeleteLines, ("@s", site), ("@o", orderNo)).ConfigureAwait(false);
            await ExecuteAsync(c, tx, OrdersSql.DeleteHolds, ("@s", site), ("@o", orderNo)).ConfigureAwait(false);
            await ExecuteAsync(c, tx, RetentionSql.DeleteOrder, ("@s", site), ("@o", orderNo)).ConfigureAwait(false);
        }

        return keys.Count;
    }

    /// <summary>What a dialect does once rows are gone (SQLite gives pages back to the file system).</summary>
    private protected virtual Task AfterPurgeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private Task<long> DeleteInBatchesAsync(string sql, DateTimeOffset before, int size, CancellationToken cancellationToken) =>
        RetentionSql.InBatchesAsync(size, () => WriteAsync((c, tx) => ExecuteAsync(c, tx, sql, ("@before", ToUnixMs(before)), ("@n", size)), cancellationToken));
}
