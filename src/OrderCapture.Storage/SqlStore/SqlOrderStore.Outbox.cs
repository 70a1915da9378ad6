using OrderCapture.Core.Outbox;
using static OrderCapture.Storage.Quantities;

namespace OrderCapture.Storage;

public abstract partial class SqlOrderStore
{
    /// <summary>Due messages of a lane; PostgreSQL also leases them to the caller.</summary>
    public abstract Task<IReadOnlyList<OutboxItem>> DueOutboxAsync(OutboxLane lane, DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>Delivered: one commit for the whole batch (one statement per message on SQLite, one for all on PostgreSQL).</summary>
    public abstract Task CompleteOutboxAsync(IReadOnlyCollection<OutboxItem> delivered, DateTimeOffset doneAt, CancellationToken cancellationToken);

    /// <summary>
    /// The delivered OCI cancels: only they can settle an order's OCI cancel, so a batch of work files
    /// and pushes never runs that statement.
    /// </summary>
    private protected static long[] OciCancelIds(IReadOnlyCollection<OutboxItem> delivered) =>
        [.. delivered.Where(d => d.Message.Kind == OutboxMessage.OciCancel).Select(d => d.Id)];

    public Task RetryOutboxAsync(long id, DateTimeOffset nextAttemptAt, string lastError, CancellationToken cancellationToken) =>
        WriteAsync((c, tx) => ExecuteAsync(c, tx, OutboxSql.Retry, ("@at", ToUnixMs(nextAttemptAt)), ("@e", lastError), ("@id", id)), cancellationToken);

    public Task<long> PendingOutboxCountAsync(CancellationToken cancellationToken) =>
        ReadAsync(c => ScalarAsync(c, null, OutboxSql.PendingCount), cancellationToken);

    public Task<IReadOnlyList<OutboxBacklog>> OutboxBacklogAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<OutboxBacklog>>(async c => await QueryAsync(c, null, OutboxSql.Backlog, StoreRows.OutboxBacklog).ConfigureAwait(false), cancellationToken);
}
