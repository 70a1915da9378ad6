using Microsoft.Data.Sqlite;
using OrderCapture.Core.Outbox;
using static OrderCapture.Storage.Quantities;

namespace OrderCapture.Storage.Sqlite;

public sealed partial class SqliteOrderStore
{
    public Task<IReadOnlyList<OutboxItem>> DueOutboxAsync(OutboxLane lane, DateTimeOffset now, int max, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<OutboxItem>>(c =>
        {
            var items = new List<OutboxItem>();
            using var query = Command(c, null, DueOutboxSql,
                ("$now", ToUnixMs(now)), ("$n", max), ("$wf", OutboxMessage.WorkFile), ("$files", lane == OutboxLane.WorkFiles));
            using var reader = query.ExecuteReader();
            while (reader.Read())
            {
                items.Add(StoreRows.OutboxItem(reader));
            }

            return items;
        }, cancellationToken);

    public Task CompleteOutboxAsync(IReadOnlyCollection<long> ids, DateTimeOffset doneAt, CancellationToken cancellationToken) =>
        WriteAsync((c, tx) =>
        {
            using var done = Command(c, tx, "UPDATE outbox SET done_at = $at, last_error = NULL WHERE id = $id", ("$at", ToUnixMs(doneAt)), ("$id", 0L));
            using var settled = Command(c, tx, SettleOciCancelSql, ("$id", 0L));
            foreach (var id in ids)
            {
                done.Parameters["$id"].Value = id;
                done.ExecuteNonQuery();
                settled.Parameters["$id"].Value = id;
                settled.ExecuteNonQuery();
            }

            return ids.Count;
        }, cancellationToken);

    public Task RetryOutboxAsync(long id, DateTimeOffset nextAttemptAt, string lastError, CancellationToken cancellationToken) =>
        WriteAsync((c, tx) => Execute(c, tx, "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $at, last_error = $e WHERE id = $id",
            ("$at", ToUnixMs(nextAttemptAt)), ("$e", lastError), ("$id", id)), cancellationToken);

    public Task<long> PendingOutboxCountAsync(CancellationToken cancellationToken) =>
        ReadAsync(c => Scalar(c, null, StoreSql.PendingOutboxCount), cancellationToken);

    public Task<IReadOnlyList<OutboxBacklog>> OutboxBacklogAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<OutboxBacklog>>(c =>
        {
            var backlog = new List<OutboxBacklog>();
            using var query = Command(c, null, StoreRows.OutboxBacklogSql);
            using var reader = query.ExecuteReader();
            while (reader.Read())
            {
                backlog.Add(StoreRows.OutboxBacklog(reader));
            }

            return backlog;
        }, cancellationToken);

    /// <summary>
    /// The due rows of a lane, in the order of the due index (next attempt, then id). Ordered by id
    /// alone, SQLite (which has no statistics here) would walk the whole table, delivered rows
    /// included, on every poll: a cost that grows with every order ever taken.
    /// </summary>
    internal const string DueOutboxSql =
        "SELECT id, kind, site, order_no, target, payload, attempts, created_at FROM outbox WHERE done_at IS NULL AND next_attempt_at <= $now AND (kind = $wf) = $files ORDER BY next_attempt_at, id LIMIT $n";

    // A cancelled order's OCI cancel is done once no cancel of its document is left to deliver (safety nets aside).
    private const string SettleOciCancelSql =
        """
        UPDATE orders SET oci_cancel = 'Done'
        WHERE oci_cancel = 'Pending'
          AND (site, order_no) IN (SELECT site, order_no FROM outbox WHERE id = $id AND kind = 'oci_cancel')
          AND NOT EXISTS (SELECT 1 FROM outbox b WHERE b.site = orders.site AND b.order_no = orders.order_no AND b.kind = 'oci_cancel' AND b.done_at IS NULL AND b.payload <> 'after-lease')
        """;

    private static void InsertOutbox(SqliteConnection c, SqliteTransaction tx, OutboxMessage message, DateTimeOffset at, DateTimeOffset? dueAt = null) =>
        Execute(c, tx,
            "INSERT INTO outbox(kind, site, order_no, target, payload, created_at, next_attempt_at) VALUES ($k, $s, $o, $t, $p, $at, $due)",
            ("$k", message.Kind), ("$s", message.Site), ("$o", message.OrderNo), ("$t", message.Target), ("$p", message.Payload), ("$at", ToUnixMs(at)), ("$due", ToUnixMs(dueAt ?? at)));
}
