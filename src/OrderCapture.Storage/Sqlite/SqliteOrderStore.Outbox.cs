using Microsoft.Data.Sqlite;
using OrderCapture.Core.Outbox;
using static OrderCapture.Storage.Quantities;

namespace OrderCapture.Storage.Sqlite;

public sealed partial class SqliteOrderStore
{
    // One process delivers: due is taken as it is, with no lease.
    public override Task<IReadOnlyList<OutboxItem>> DueOutboxAsync(OutboxLane lane, DateTimeOffset now, int max, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<OutboxItem>>(async c => await QueryAsync(c, null, OutboxSql.Due, StoreRows.OutboxItem,
            ("@now", ToUnixMs(now)), ("@n", max), ("@wf", OutboxMessage.WorkFile), ("@files", lane == OutboxLane.WorkFiles)).ConfigureAwait(false), cancellationToken);

    public override Task CompleteOutboxAsync(IReadOnlyCollection<OutboxItem> delivered, DateTimeOffset doneAt, CancellationToken cancellationToken) =>
        WriteAsync((c, tx) =>
        {
            using var done = Command(c, tx, "UPDATE outbox SET done_at = @at, last_error = NULL WHERE id = @id", ("@at", ToUnixMs(doneAt)), ("@id", 0L));
            foreach (var item in delivered)
            {
                done.Parameters["@id"].Value = item.Id;
                done.ExecuteNonQuery();
            }

            if (OciCancelIds(delivered) is { Length: > 0 } cancels)
            {
                using var settled = Command(c, tx, SettleOciCancelSql, ("@id", 0L));
                foreach (var id in cancels)
                {
                    settled.Parameters["@id"].Value = id;
                    settled.ExecuteNonQuery();
                }
            }

            return delivered.Count;
        }, cancellationToken);

    private static readonly string SettleOciCancelSql = OutboxSql.SettleOciCancel("id = @id");

    private static void InsertOutbox(SqliteConnection c, SqliteTransaction tx, OutboxMessage message, DateTimeOffset at) =>
        Execute(c, tx, OutboxSql.Insert,
            ("@k", message.Kind), ("@s", message.Site), ("@o", message.OrderNo), ("@t", message.Target), ("@p", message.Payload), ("@at", ToUnixMs(at)), ("@due", ToUnixMs(at)));
}
