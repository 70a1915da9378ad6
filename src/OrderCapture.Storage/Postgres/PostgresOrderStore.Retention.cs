using OrderCapture.Core.Retention;
using static OrderCapture.Storage.Quantities;

namespace OrderCapture.Storage.Postgres;

public sealed partial class PostgresOrderStore
{
    // The keys of one batch, removed from the three order tables in one statement.
    private const string PurgeOrdersSql =
        $"""
        WITH keys AS ({RetentionSql.PurgeableOrders} FOR UPDATE SKIP LOCKED),
        l AS (DELETE FROM order_lines x USING keys WHERE x.site = keys.site AND x.order_no = keys.order_no),
        h AS (DELETE FROM holds x USING keys WHERE x.site = keys.site AND x.order_no = keys.order_no)
        DELETE FROM orders x USING keys WHERE x.site = keys.site AND x.order_no = keys.order_no
        """;

    public async Task<PurgeResult> PurgeAsync(PurgeCutoffs cutoffs, CancellationToken cancellationToken)
    {
        var size = cutoffs.BatchSize;
        var orders = await DeleteInBatchesAsync(PurgeOrdersSql, cutoffs.Orders, size, cancellationToken).ConfigureAwait(false);
        var outbox = await DeleteInBatchesAsync(RetentionSql.DeliveredOutbox, cutoffs.DeliveredOutbox, size, cancellationToken).ConfigureAwait(false);
        var alerts = await DeleteInBatchesAsync(RetentionSql.Alerts, cutoffs.Alerts, size, cancellationToken).ConfigureAwait(false);
        var transitions = await DeleteInBatchesAsync(RetentionSql.Connectivity, cutoffs.Connectivity, size, cancellationToken).ConfigureAwait(false);

        // Autovacuum reclaims the dead rows; nothing to do by hand.
        return new PurgeResult(orders, outbox, alerts, transitions, DailyFiles: 0);
    }

    private Task<long> DeleteInBatchesAsync(string sql, DateTimeOffset before, int size, CancellationToken cancellationToken) =>
        RetentionSql.InBatchesAsync(size, () => WriteAsync((c, tx) => ExecuteAsync(c, tx, sql, ("before", ToUnixMs(before)), ("n", size)), cancellationToken));
}
