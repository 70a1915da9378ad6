using Npgsql;
using OrderCapture.Core.Outbox;
using static OrderCapture.Storage.Quantities;

namespace OrderCapture.Storage.Postgres;

public sealed partial class PostgresOrderStore
{
    /// <summary>
    /// With several instances "due" must also mean "taken": the returned messages are leased to
    /// this caller for <see cref="StorageOptions.OutboxLease"/>, so two dispatchers never write the
    /// same work file at once; one whose taker died is due again after that.
    /// </summary>
    public Task<IReadOnlyList<OutboxItem>> DueOutboxAsync(OutboxLane lane, DateTimeOffset now, int max, CancellationToken cancellationToken) =>
        WriteAsync<IReadOnlyList<OutboxItem>>(async (c, tx) =>
        {
            var items = new List<OutboxItem>();
            await using var query = Command(c, tx,
                """
                UPDATE outbox SET next_attempt_at = @lease
                FROM (SELECT id FROM outbox WHERE done_at IS NULL AND next_attempt_at <= @now AND (kind = @wf) = @files ORDER BY next_attempt_at, id LIMIT @n FOR UPDATE SKIP LOCKED) due
                WHERE outbox.id = due.id
                RETURNING outbox.id, kind, site, order_no, target, payload, attempts, created_at
                """,
                ("now", ToUnixMs(now)), ("lease", ToUnixMs(now + _outboxLease)), ("n", max), ("wf", OutboxMessage.WorkFile), ("files", lane == OutboxLane.WorkFiles));
            await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                items.Add(StoreRows.OutboxItem(reader));
            }

            items.Sort((a, b) => a.Id.CompareTo(b.Id));
            return items;
        }, cancellationToken);

    public Task CompleteOutboxAsync(IReadOnlyCollection<long> ids, DateTimeOffset doneAt, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            var done = await ExecuteAsync(c, tx, "UPDATE outbox SET done_at = @at, last_error = NULL WHERE id = ANY(@ids)",
                ("at", ToUnixMs(doneAt)), ("ids", ids.ToArray())).ConfigureAwait(false);
            // A cancelled order's OCI cancel is done once no cancel of its document is left to deliver (safety nets aside).
            await ExecuteAsync(c, tx,
                """
                UPDATE orders SET oci_cancel = 'Done'
                WHERE oci_cancel = 'Pending'
                  AND (site, order_no) IN (SELECT site, order_no FROM outbox WHERE id = ANY(@ids) AND kind = 'oci_cancel')
                  AND NOT EXISTS (SELECT 1 FROM outbox b WHERE b.site = orders.site AND b.order_no = orders.order_no AND b.kind = 'oci_cancel' AND b.done_at IS NULL AND b.payload <> 'after-lease')
                """, ("ids", ids.ToArray())).ConfigureAwait(false);
            return done;
        }, cancellationToken);

    public Task RetryOutboxAsync(long id, DateTimeOffset nextAttemptAt, string lastError, CancellationToken cancellationToken) =>
        WriteAsync((c, tx) => ExecuteAsync(c, tx, "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = @at, last_error = @e WHERE id = @id",
            ("at", ToUnixMs(nextAttemptAt)), ("e", lastError), ("id", id)), cancellationToken);

    public Task<long> PendingOutboxCountAsync(CancellationToken cancellationToken) =>
        ReadAsync(c => ScalarAsync(c, null, StoreSql.PendingOutboxCount), cancellationToken);

    public Task<IReadOnlyList<OutboxBacklog>> OutboxBacklogAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<OutboxBacklog>>(async c =>
        {
            var backlog = new List<OutboxBacklog>();
            await using var query = Command(c, null, StoreRows.OutboxBacklogSql);
            await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                backlog.Add(StoreRows.OutboxBacklog(reader));
            }

            return backlog;
        }, cancellationToken);

    private static Task<int> InsertOutboxAsync(NpgsqlConnection c, NpgsqlTransaction tx, OutboxMessage message, DateTimeOffset at, DateTimeOffset? dueAt = null) =>
        ExecuteAsync(c, tx,
            "INSERT INTO outbox(kind, site, order_no, target, payload, created_at, next_attempt_at) VALUES (@k, @s, @o, @t, @p, @at, @due)",
            ("k", message.Kind), ("s", message.Site), ("o", message.OrderNo), ("t", message.Target), ("p", message.Payload), ("at", ToUnixMs(at)), ("due", ToUnixMs(dueAt ?? at)));
}
