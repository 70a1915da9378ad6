namespace OrderCapture.Storage;

/// <summary>The outbox (<see cref="IOutboxStore"/>); each dialect takes due messages its own way.</summary>
internal static class OutboxSql
{
    /// <summary>@k, @s, @o, @t, @p, @at, @due.</summary>
    public const string Insert =
        "INSERT INTO outbox(kind, site, order_no, target, payload, created_at, next_attempt_at) VALUES (@k, @s, @o, @t, @p, @at, @due)";

    /// <summary>@at, @e, @id: one more failed attempt, due again at @at.</summary>
    public const string Retry = "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = @at, last_error = @e WHERE id = @id";

    /// <summary>Outbox messages not yet delivered, all kinds.</summary>
    public const string PendingCount = "SELECT COUNT(*) FROM outbox WHERE done_at IS NULL";

    /// <summary>Undelivered messages per kind: kind, count, oldest created_at.</summary>
    public const string Backlog = "SELECT kind, COUNT(*) AS pending, MIN(created_at) AS oldest FROM outbox WHERE done_at IS NULL GROUP BY kind ORDER BY kind";

    /// <summary>The columns <see cref="StoreRows.OutboxItem"/> reads.</summary>
    public const string ItemColumns = "id, kind, site, order_no, target, payload, attempts, created_at";

    private const string DueWhere = "done_at IS NULL AND next_attempt_at <= @now AND (kind = @wf) = @files ORDER BY next_attempt_at, id LIMIT @n";

    /// <summary>
    /// The due rows of a lane (@now, @wf, @files, @n) in the order of the due index (next attempt, then
    /// id). Ordered by id alone, SQLite (which has no statistics here) would walk the whole table,
    /// delivered rows included, on every poll: a cost that grows with every order ever taken.
    /// </summary>
    public const string Due = $"SELECT {ItemColumns} FROM outbox WHERE {DueWhere}";

    /// <summary>The ids of <see cref="Due"/>'s rows.</summary>
    public const string DueIds = $"SELECT id FROM outbox WHERE {DueWhere}";

    /// <summary>
    /// A cancelled order's OCI cancel is done once no cancel of its document is left to deliver (safety
    /// nets aside). <paramref name="delivered"/>: the condition on outbox.id naming what was just delivered.
    /// </summary>
    public static string SettleOciCancel(string delivered) =>
        $"""
        UPDATE orders SET oci_cancel = 'Done'
        WHERE oci_cancel = 'Pending'
          AND (site, order_no) IN (SELECT site, order_no FROM outbox WHERE {delivered} AND kind = 'oci_cancel')
          AND NOT EXISTS (SELECT 1 FROM outbox b WHERE b.site = orders.site AND b.order_no = orders.order_no AND b.kind = 'oci_cancel' AND b.done_at IS NULL AND b.payload <> 'after-lease')
        """;
}
