using OrderCapture.Core.Retention;
using static OrderCapture.Storage.Quantities;

namespace OrderCapture.Storage.Sqlite;

public sealed partial class SqliteOrderStore
{
    private static readonly string[] OrderTables = ["order_lines", "holds", "orders"];

    public async Task<PurgeResult> PurgeAsync(PurgeCutoffs cutoffs, CancellationToken cancellationToken)
    {
        var size = cutoffs.BatchSize;
        var orders = await RetentionSql.InBatchesAsync(size, () => WriteAsync((c, tx) =>
        {
            var keys = new List<(string Site, string OrderNo)>();
            using (var query = Command(c, tx, RetentionSql.PurgeableOrders, ("@before", ToUnixMs(cutoffs.Orders)), ("@n", size)))
            using (var reader = query.ExecuteReader())
            {
                while (reader.Read())
                {
                    keys.Add(StoreRows.OrderKey(reader));
                }
            }

            foreach (var (site, orderNo) in keys)
            {
                foreach (var table in OrderTables)
                {
                    Execute(c, tx, $"DELETE FROM {table} WHERE site = $s AND order_no = $o", ("$s", site), ("$o", orderNo));
                }
            }

            return keys.Count;
        }, cancellationToken)).ConfigureAwait(false);
        var outbox = await DeleteInBatchesAsync(RetentionSql.DeliveredOutbox, cutoffs.DeliveredOutbox, size, cancellationToken).ConfigureAwait(false);
        var alerts = await DeleteInBatchesAsync(RetentionSql.Alerts, cutoffs.Alerts, size, cancellationToken).ConfigureAwait(false);
        var transitions = await DeleteInBatchesAsync(RetentionSql.Connectivity, cutoffs.Connectivity, size, cancellationToken).ConfigureAwait(false);

        // Give the freed pages back to the file system (auto_vacuum=INCREMENTAL, see SqliteSchema).
        // On a connection of its own, outside the writer's transactions.
        await ReadAsync(c => Execute(c, null, "PRAGMA incremental_vacuum"), cancellationToken).ConfigureAwait(false);
        return new PurgeResult(orders, outbox, alerts, transitions, DailyFiles: 0);
    }

    private Task<long> DeleteInBatchesAsync(string sql, DateTimeOffset before, int size, CancellationToken cancellationToken) =>
        RetentionSql.InBatchesAsync(size, () => WriteAsync((c, tx) => Execute(c, tx, sql, ("@before", ToUnixMs(before)), ("@n", size)), cancellationToken));
}
