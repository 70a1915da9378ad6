using OrderCapture.Core.Orders;
using OrderCapture.Core.Reconciliation;
using static OrderCapture.Storage.Quantities;

namespace OrderCapture.Storage.Sqlite;

public sealed partial class SqliteOrderStore
{
    public Task<IReadOnlyList<Order>> ClaimReconciliationBatchAsync(string owner, int max, DateTimeOffset now, DateTimeOffset leaseUntil, string? site, CancellationToken cancellationToken) =>
        WriteAsync<IReadOnlyList<Order>>((c, tx) =>
        {
            var keys = new List<(string Site, string OrderNo)>();
            using (var query = Command(c, tx,
                """
                SELECT site, order_no FROM orders
                WHERE status = 'ReservationMissing' AND (lease_until IS NULL OR lease_until < $now) AND ($s IS NULL OR site = $s)
                ORDER BY captured_at, site, order_no LIMIT $n
                """, ("$now", ToUnixMs(now)), ("$s", site), ("$n", max)))
            using (var reader = query.ExecuteReader())
            {
                while (reader.Read())
                {
                    keys.Add(StoreRows.OrderKey(reader));
                }
            }

            using var claim = Command(c, tx, "UPDATE orders SET claimed_by = $w, lease_until = $until WHERE site = $s AND order_no = $o",
                ("$w", owner), ("$until", ToUnixMs(leaseUntil)), ("$s", ""), ("$o", ""));
            var orders = new List<Order>(keys.Count);
            foreach (var (s, o) in keys)
            {
                claim.Parameters["$s"].Value = s;
                claim.Parameters["$o"].Value = o;
                claim.ExecuteNonQuery();
                orders.Add(ReadOrder(c, tx, s, o)!);
            }

            return orders;
        }, cancellationToken);

    public async Task<bool> CompleteReconciliationAsync(ReconciledOrder outcome, CancellationToken cancellationToken)
    {
        var written = await WriteAsync((c, tx) =>
        {
            // Forward only: an order that already left Reservation Missing is never classified again.
            var moved = Execute(c, tx,
                """
                UPDATE orders SET status = $st, reconciled_at = $at, attempts = attempts + 1, claimed_by = NULL, lease_until = NULL
                WHERE site = $s AND order_no = $o AND status = $from
                """,
                ("$st", outcome.Outcome.ToString()), ("$at", ToUnixMs(outcome.ReconciledAt)), ("$s", outcome.Site), ("$o", outcome.OrderNo), ("$from", outcome.From.ToString()));
            if (moved == 0)
            {
                return false;
            }

            for (var i = 0; i < outcome.ReservedPerLine.Count; i++)
            {
                Execute(c, tx, "UPDATE order_lines SET reserved = $r WHERE site = $s AND order_no = $o AND line_no = $n",
                    ("$r", outcome.ReservedPerLine[i] is { } r ? ToMilli(r) : null), ("$s", outcome.Site), ("$o", outcome.OrderNo), ("$n", i));
            }

            if (outcome.HoldsReplaced)
            {
                Execute(c, tx, "UPDATE holds SET replaced_at = $at WHERE site = $s AND order_no = $o",
                    ("$at", ToUnixMs(outcome.ReconciledAt)), ("$s", outcome.Site), ("$o", outcome.OrderNo));
            }

            foreach (var message in outcome.Messages)
            {
                InsertOutbox(c, tx, message, outcome.ReconciledAt);
            }

            return true;
        }, cancellationToken).ConfigureAwait(false);
        if (written && outcome.Messages.Count > 0)
        {
            _outboxSignal.Notify();
        }

        return written;
    }

    public Task RecordStillOfflineAsync(string site, string orderNo, DateTimeOffset mayLandUntil, CancellationToken cancellationToken) =>
        WriteAsync((c, tx) => Execute(c, tx, StoreRows.RecordStillOfflineSql,
            ("@s", site), ("@o", orderNo), ("@until", ToUnixMs(mayLandUntil))), cancellationToken);

    public Task ReleaseClaimsAsync(string owner, DateTimeOffset mayLandUntil, CancellationToken cancellationToken) =>
        WriteAsync((c, tx) => Execute(c, tx, StoreRows.ReleaseClaimsSql, ("@w", owner), ("@until", ToUnixMs(mayLandUntil))), cancellationToken);
}
