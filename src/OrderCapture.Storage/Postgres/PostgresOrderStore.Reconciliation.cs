using Npgsql;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Reconciliation;
using static OrderCapture.Storage.Quantities;

namespace OrderCapture.Storage.Postgres;

public sealed partial class PostgresOrderStore
{
    public Task<IReadOnlyList<Order>> ClaimReconciliationBatchAsync(string owner, int max, DateTimeOffset now, DateTimeOffset leaseUntil, string? site, Core.Places.PlaceScope? scope, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            // SKIP LOCKED: instances claiming at the same moment take different orders instead of
            // waiting on each other; a crashed instance's orders come back when their lease ends.
            // What one skipped is still older than its candidates, so it is among those they must not overtake.
            var candidateKeys = await KeysAsync(c, tx, StoreSql.ClaimCandidates("\"C\"") + " FOR UPDATE SKIP LOCKED", cancellationToken, ("now", ToUnixMs(now)), ("s", site), ("n", max)).ConfigureAwait(false);
            var candidates = await ReadOrdersAsync(c, tx, candidateKeys).ConfigureAwait(false);
            if (candidates.Count == 0)
            {
                return candidates;
            }

            var queued = new List<(string, string, long, bool)>();
            await using (var query = Command(c, tx, StoreSql.QueuedUpTo, ("last", ToUnixMs(candidates[^1].CapturedAt)), ("now", ToUnixMs(now)), ("s", site)))
            await using (var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    queued.Add(StoreRows.Queued(reader));
                }
            }

            var orders = FirstComeFirstServed.Claimable(candidates, await ReadOrdersAsync(c, tx, StoreRows.OutOfReach(queued, candidates)).ConfigureAwait(false), scope);
            await ExecuteAsync(c, tx,
                "UPDATE orders o SET claimed_by = @w, lease_until = @until FROM unnest(@ss, @os) AS k(site, order_no) WHERE o.site = k.site AND o.order_no = k.order_no",
                ("w", owner), ("until", ToUnixMs(leaseUntil)), ("ss", orders.Select(o => o.Site).ToArray()), ("os", orders.Select(o => o.OrderNo).ToArray())).ConfigureAwait(false);
            return orders;
        }, cancellationToken);

    private static async Task<List<(string Site, string OrderNo)>> KeysAsync(NpgsqlConnection c, NpgsqlTransaction tx, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var keys = new List<(string Site, string OrderNo)>();
        await using var query = Command(c, tx, sql, parameters);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(StoreRows.OrderKey(reader));
        }

        return keys;
    }

    public async Task<bool> CompleteReconciliationAsync(ReconciledOrder outcome, CancellationToken cancellationToken)
    {
        // Forward only: an order that already left Reservation Missing is never classified again,
        // whichever instance got there first. Lines, holds and outbox rows follow only if it moved.
        var written = await WriteAsync(async (c, tx) => await ScalarAsync(c, tx,
            """
            WITH m AS (UPDATE orders SET status = @st, reconciled_at = @at, attempts = attempts + 1, claimed_by = NULL, lease_until = NULL
                       WHERE site = @s AND order_no = @o AND status = @from RETURNING 1),
            l AS (UPDATE order_lines ol SET reserved = t.r FROM m, unnest(@rs::bigint[]) WITH ORDINALITY AS t(r, n)
                  WHERE ol.site = @s AND ol.order_no = @o AND ol.line_no = t.n - 1),
            h AS (UPDATE holds SET replaced_at = @at FROM m WHERE @replace AND holds.site = @s AND holds.order_no = @o),
            b AS (INSERT INTO outbox(kind, site, order_no, target, payload, created_at, next_attempt_at)
                  SELECT t.k, t.s, t.o, t.t, t.p, @at, @at FROM m, unnest(@bk::text[], @bs::text[], @bo::text[], @bt::text[], @bp::text[]) AS t(k, s, o, t, p))
            SELECT COUNT(*) FROM m
            """,
            ("st", outcome.Outcome.ToString()), ("at", ToUnixMs(outcome.ReconciledAt)), ("s", outcome.Site), ("o", outcome.OrderNo), ("from", outcome.From.ToString()),
            ("rs", outcome.ReservedPerLine.Select(r => r is { } q ? ToMilli(q) : (long?)null).ToArray()), ("replace", outcome.HoldsReplaced),
            ("bk", outcome.Messages.Select(m => m.Kind).ToArray()), ("bs", outcome.Messages.Select(m => m.Site).ToArray()),
            ("bo", outcome.Messages.Select(m => m.OrderNo).ToArray()), ("bt", outcome.Messages.Select(m => m.Target).ToArray()),
            ("bp", outcome.Messages.Select(m => m.Payload).ToArray())).ConfigureAwait(false) == 1, cancellationToken).ConfigureAwait(false);
        if (written && outcome.Messages.Count > 0)
        {
            _outboxSignal.Notify();
        }

        return written;
    }

    public Task RecordStillOfflineAsync(string site, string orderNo, DateTimeOffset mayLandUntil, CancellationToken cancellationToken) =>
        WriteAsync((c, tx) => ExecuteAsync(c, tx, StoreRows.RecordStillOfflineSql,
            ("s", site), ("o", orderNo), ("until", ToUnixMs(mayLandUntil))), cancellationToken);

    public Task ReleaseClaimsAsync(string owner, DateTimeOffset mayLandUntil, CancellationToken cancellationToken) =>
        WriteAsync((c, tx) => ExecuteAsync(c, tx, StoreRows.ReleaseClaimsSql, ("w", owner), ("until", ToUnixMs(mayLandUntil))), cancellationToken);
}
