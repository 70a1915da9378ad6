namespace OrderCapture.Storage;

/// <summary>
/// The purge's SQL, the same for both dialects (parameters <c>@before</c>, <c>@n</c>), and its
/// batching: each statement removes at most <c>@n</c> rows in its own transaction, repeated until
/// a batch comes back short, so the writer is never held for long.
/// </summary>
internal static class RetentionSql
{
    /// <summary>
    /// Keys of finished orders past the cutoff: terminal status, finished before @before, no cancel
    /// waiting at OCI, no report or push still in the outbox, no hold still counting (invariant 3).
    /// </summary>
    public const string PurgeableOrders =
        """
        SELECT site, order_no FROM orders o
        WHERE status IN ('Reserved', 'CompletelyReserved', 'PartiallyReserved', 'NothingReserved', 'Cancelled')
          AND COALESCE(cancelled_at, reconciled_at, captured_at) < @before
          AND (oci_cancel IS NULL OR oci_cancel <> 'Pending')
          AND NOT EXISTS (SELECT 1 FROM outbox b WHERE b.site = o.site AND b.order_no = o.order_no AND b.done_at IS NULL)
          AND NOT EXISTS (SELECT 1 FROM holds h WHERE h.site = o.site AND h.order_no = o.order_no AND h.counting AND h.replaced_at IS NULL)
        ORDER BY captured_at LIMIT @n
        """;

    /// <summary>@s, @o: a purged order's row, after its lines and holds.</summary>
    public const string DeleteOrder = "DELETE FROM orders WHERE site = @s AND order_no = @o";

    public const string DeliveredOutbox =
        "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE done_at IS NOT NULL AND done_at < @before ORDER BY id LIMIT @n)";

    public const string Alerts =
        "DELETE FROM alerts WHERE id IN (SELECT id FROM alerts WHERE at < @before ORDER BY id LIMIT @n)";

    /// <summary>The newest transition stays whatever its age: it is the state a restart resumes from.</summary>
    public const string Connectivity =
        "DELETE FROM connectivity WHERE id IN (SELECT id FROM connectivity WHERE at < @before AND id < (SELECT MAX(id) FROM connectivity) ORDER BY id LIMIT @n)";

    /// <summary>Runs <paramref name="batch"/> until it removes fewer than <paramref name="size"/> rows; answers the total.</summary>
    public static async Task<long> InBatchesAsync(int size, Func<Task<int>> batch)
    {
        long total = 0;
        int removed;
        do
        {
            removed = await batch().ConfigureAwait(false);
            total += removed;
        }
        while (removed >= size);

        return total;
    }
}
