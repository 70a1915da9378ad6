using Microsoft.Data.Sqlite;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Reconciliation;
using static OrderCapture.Storage.Quantities;

namespace OrderCapture.Storage.Sqlite;

public sealed partial class SqliteOrderStore
{
    public Task<IReadOnlyList<Order>> ClaimReconciliationBatchAsync(string owner, int max, DateTimeOffset now, DateTimeOffset leaseUntil, string? site, Core.Places.PlaceScope? scope, CancellationToken cancellationToken) =>
        WriteAsync<IReadOnlyList<Order>>((c, tx) =>
        {
            var candidates = Keys(c, tx, StoreSql.ClaimCandidates("BINARY"), ("@now", ToUnixMs(now)), ("@s", site), ("@n", max)).Select(k => ReadOrder(c, tx, k.Site, k.OrderNo)!).ToList();
            if (candidates.Count == 0)
            {
                return candidates;
            }

            var queued = new List<(string, string, long, bool)>();
            using (var query = Command(c, tx, StoreSql.QueuedUpTo, ("@last", ToUnixMs(candidates[^1].CapturedAt)), ("@now", ToUnixMs(now)), ("@s", site)))
            using (var reader = query.ExecuteReader())
            {
                while (reader.Read())
                {
                    queued.Add(StoreRows.Queued(reader));
                }
            }

            var waiting = StoreRows.OutOfReach(queued, candidates).Select(k => ReadOrder(c, tx, k.Site, k.OrderNo)!).ToList();
            var orders = FirstComeFirstServed.Claimable(candidates, waiting, scope);
            using var claim = Command(c, tx, "UPDATE orders SET claimed_by = @w, lease_until = @until WHERE site = @s AND order_no = @o",
                ("@w", owner), ("@until", ToUnixMs(leaseUntil)), ("@s", ""), ("@o", ""));
            foreach (var order in orders)
            {
                claim.Parameters["@s"].Value = order.Site;
                claim.Parameters["@o"].Value = order.OrderNo;
                claim.ExecuteNonQuery();
            }

            return orders;
        }, cancellationToken);

    private static List<(string Site, string OrderNo)> Keys(SqliteConnection c, SqliteTransaction tx, string sql, params (string Name, object? Value)[] parameters)
    {
        var keys = new List<(string Site, string OrderNo)>();
        using var query = Command(c, tx, sql, parameters);
        using var reader = query.ExecuteReader();
        while (reader.Read())
        {
            keys.Add(StoreRows.OrderKey(reader));
        }

        return keys;
    }

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
