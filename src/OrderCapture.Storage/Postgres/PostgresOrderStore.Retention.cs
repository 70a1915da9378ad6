using System.Data.Common;
using static OrderCapture.Storage.Quantities;

namespace OrderCapture.Storage.Postgres;

public sealed partial class PostgresOrderStore
{
    // The keys of one batch, removed from the three order tables in one statement; autovacuum
    // reclaims the dead rows.
    private const string PurgeOrdersSql =
        $"""
        WITH keys AS ({RetentionSql.PurgeableOrders} FOR UPDATE SKIP LOCKED),
        l AS (DELETE FROM order_lines x USING keys WHERE x.site = keys.site AND x.order_no = keys.order_no),
        h AS (DELETE FROM holds x USING keys WHERE x.site = keys.site AND x.order_no = keys.order_no)
        DELETE FROM orders x USING keys WHERE x.site = keys.site AND x.order_no = keys.order_no
        """;

    private protected override Task<int> PurgeOrdersAsync(DbConnection c, DbTransaction tx, DateTimeOffset before, int size) =>
        ExecuteAsync(c, tx, PurgeOrdersSql, ("@before", ToUnixMs(before)), ("@n", size));
}
