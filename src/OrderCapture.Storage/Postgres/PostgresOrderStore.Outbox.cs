using OrderCapture.Core.Outbox;
using static OrderCapture.Storage.Quantities;

namespace OrderCapture.Storage.Postgres;

public sealed partial class PostgresOrderStore
{
    private const string TakeDueSql =
        $"""
        UPDATE outbox SET next_attempt_at = @lease FROM ({OutboxSql.DueIds} FOR UPDATE SKIP LOCKED) due
        WHERE outbox.id = due.id RETURNING outbox.id, kind, site, order_no, target, payload, attempts, created_at
        """;

    private const string CompleteSql = "UPDATE outbox SET done_at = @at, last_error = NULL WHERE id = ANY(@ids)";

    private static readonly string SettleOciCancelSql = OutboxSql.SettleOciCancel("id = ANY(@ids)");

    /// <summary>
    /// With several instances "due" must also mean "taken": the returned messages are leased to
    /// this caller for <see cref="StorageOptions.OutboxLease"/>, so two dispatchers never write the
    /// same work file at once; one whose taker died is due again after that.
    /// </summary>
    public override Task<IReadOnlyList<OutboxItem>> DueOutboxAsync(OutboxLane lane, DateTimeOffset now, int max, CancellationToken cancellationToken) =>
        WriteAsync<IReadOnlyList<OutboxItem>>(async (c, tx) =>
        {
            var items = await QueryAsync(c, tx, TakeDueSql, StoreRows.OutboxItem,
                ("@now", ToUnixMs(now)), ("@lease", ToUnixMs(now + _outboxLease)), ("@n", max), ("@wf", OutboxMessage.WorkFile), ("@files", lane == OutboxLane.WorkFiles)).ConfigureAwait(false);
            items.Sort((a, b) => a.Id.CompareTo(b.Id));
            return items;
        }, cancellationToken);

    public override Task CompleteOutboxAsync(IReadOnlyCollection<OutboxItem> delivered, DateTimeOffset doneAt, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            var done = await ExecuteAsync(c, tx, CompleteSql, ("@at", ToUnixMs(doneAt)), ("@ids", delivered.Select(d => d.Id).ToArray())).ConfigureAwait(false);
            if (OciCancelIds(delivered) is { Length: > 0 } cancels)
            {
                await ExecuteAsync(c, tx, SettleOciCancelSql, ("@ids", cancels)).ConfigureAwait(false);
            }

            return done;
        }, cancellationToken);
}
