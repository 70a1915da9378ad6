namespace OrderCapture.Storage;

/// <summary>
/// Statements both dialects run as written (parameters as <c>@name</c>, which SQLite and Npgsql both
/// take). A dialect keeps its own SQL only where the two differ: locking, arrays, upserts of batches.
/// </summary>
internal static class StoreSql
{
    /// <summary>Outbox messages not yet delivered, all kinds.</summary>
    public const string PendingOutboxCount = "SELECT COUNT(*) FROM outbox WHERE done_at IS NULL";

    /// <summary>Every list's sync state; rows for <see cref="StoreRows.SyncState"/>.</summary>
    public const string ListSyncStates = "SELECT list_id, place_type, generation, delta_token, fetched_at FROM list_sync ORDER BY list_id";

    /// <summary>The schema's version: the number of the last migration step applied (0 on a new database).</summary>
    public const string SchemaVersion = "SELECT COALESCE(MAX(version), 0) FROM schema_version";

    /// <summary>@at, @sev, @k, @m, @s, @o; answers the new id.</summary>
    public const string AddAlert =
        "INSERT INTO alerts(at, severity, kind, message, site, order_no) VALUES (@at, @sev, @k, @m, @s, @o) RETURNING id";

    /// <summary>Newest first; @since (null: all), @n. Rows for <see cref="StoreRows.Alert"/>.</summary>
    public const string ListAlerts =
        "SELECT id, at, severity, kind, message, site, order_no, acked_at FROM alerts WHERE (CAST(@since AS BIGINT) IS NULL OR at >= @since) ORDER BY id DESC LIMIT @n";

    /// <summary>@at, @id; an alert acknowledged before keeps its first time.</summary>
    public const string AckAlert = "UPDATE alerts SET acked_at = COALESCE(acked_at, @at) WHERE id = @id";

    /// <summary>@at, @f, @t, @r.</summary>
    public const string RecordTransition = "INSERT INTO connectivity(at, from_state, to_state, reason) VALUES (@at, @f, @t, @r)";

    /// <summary>A row for <see cref="StoreRows.Transition"/>, or none.</summary>
    public const string LastTransition = "SELECT at, from_state, to_state, reason FROM connectivity ORDER BY id DESC LIMIT 1";

    /// <summary>@r, @n, @at, @oc, @s, @o: the order cancelled, its claim and lease dropped.</summary>
    public const string CancelOrder =
        """
        UPDATE orders SET status = 'Cancelled', cancel_reason = @r, cancel_note = @n, cancelled_at = @at, oci_cancel = @oc,
            claimed_by = NULL, lease_until = NULL
        WHERE site = @s AND order_no = @o
        """;

    /// <summary>A cancelled order with no lines: the number is taken, nothing is held. @s, @o, @at, @r, @n; no row when the number exists.</summary>
    public const string BlockNumber =
        """
        INSERT INTO orders(site, order_no, status, captured_at, attempts, path, cancel_reason, cancel_note, cancelled_at, oci_cancel)
        VALUES (@s, @o, 'Cancelled', @at, 0, 'Offline', @r, @n, @at, 'NotNeeded') ON CONFLICT DO NOTHING
        """;

    /// <summary>@s, @o.</summary>
    public const string DeleteHolds = "DELETE FROM holds WHERE site = @s AND order_no = @o";

    /// <summary>@s, @o.</summary>
    public const string DeleteLines = "DELETE FROM order_lines WHERE site = @s AND order_no = @o";

    /// <summary>Queued orders holding stock not yet confirmed anywhere (site, order_no). TRUE is 1 in SQLite.</summary>
    public const string QueuedWithHold =
        """
        SELECT DISTINCT o.site, o.order_no FROM orders o JOIN holds h ON h.site = o.site AND h.order_no = o.order_no
        WHERE o.status = 'ReservationMissing' AND h.counting = TRUE AND h.replaced_at IS NULL
        """;

    /// <summary>Holds whose order is gone (site, order_no).</summary>
    public const string OrphanHolds =
        "SELECT DISTINCT h.site, h.order_no FROM holds h WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.site = h.site AND o.order_no = h.order_no)";

    /// <summary>Work files not yet written (site, order_no, target).</summary>
    public const string PendingWorkFiles = "SELECT site, order_no, target FROM outbox WHERE done_at IS NULL AND kind = 'work_file'";

    /// <summary>The newest orders in a status, by the status index read backwards: @st, @n. Rows for <see cref="StoreRows.OrderHead"/>.</summary>
    public static readonly string NewestOrders =
        $"SELECT {StoreRows.OrderColumns} FROM orders WHERE status = @st ORDER BY captured_at DESC, site DESC, order_no DESC LIMIT @n";

    /// <summary>
    /// Up to @k lines of each of those orders, the first by line number (@short = 1: only lines not
    /// reserved in full): @st, @n, @k, @short. Each order's lines are read by its key and no further
    /// than @k, whatever the order holds. Rows for <see cref="StoreRows.OrderLine"/> with site and order_no.
    /// </summary>
    public const string NewestOrdersLines =
        """
        WITH newest AS (SELECT site, order_no FROM orders WHERE status = @st ORDER BY captured_at DESC, site DESC, order_no DESC LIMIT @n)
        SELECT l.site, l.order_no, l.sku, l.list_id, l.place_type, l.quantity, l.reserved
        FROM newest k JOIN order_lines l ON l.site = k.site AND l.order_no = k.order_no
        WHERE l.line_no IN (SELECT x.line_no FROM order_lines x WHERE x.site = k.site AND x.order_no = k.order_no
                                AND (@short = 0 OR x.reserved IS NULL OR x.reserved < x.quantity) ORDER BY x.line_no LIMIT @k)
        ORDER BY l.site, l.order_no, l.line_no
        """;

    /// <summary>Orders in one status, @st: read from the status index, as costly as that status is large (the queue, say).</summary>
    public const string CountInStatus = "SELECT COUNT(*) FROM orders WHERE status = @st";

    /// <summary>
    /// The oldest queued orders a claim may take (no live lease, of @s when given): @now, @s, @n. Names
    /// sort bytewise (<paramref name="bytewise"/>: the dialect's name for that collation), as
    /// <see cref="Core.Reconciliation.FirstComeFirstServed.ClaimKey"/> does. The claim takes them only as
    /// far as <see cref="Core.Reconciliation.FirstComeFirstServed.Claimable"/> allows.
    /// </summary>
    public static string ClaimCandidates(string bytewise) =>
        $"""
        SELECT site, order_no FROM orders
        WHERE status = 'ReservationMissing' AND (lease_until IS NULL OR lease_until < @now) AND (CAST(@s AS TEXT) IS NULL OR site = @s)
        ORDER BY captured_at, site COLLATE {bytewise}, order_no COLLATE {bytewise} LIMIT @n
        """;

    /// <summary>
    /// Queued orders captured no later than the newest candidate (@last), with whether this claim could
    /// take them (@now, @s as in <see cref="ClaimCandidates"/>): those it could not (leased to another
    /// run, of another site) and, on PostgreSQL, those another instance's claim has locked (claimable,
    /// yet before the newest candidate and not among the candidates) are the orders the candidates must
    /// not overtake. Read from the status index.
    /// </summary>
    public const string QueuedUpTo =
        """
        SELECT site, order_no, captured_at,
            CASE WHEN (lease_until IS NULL OR lease_until < @now) AND (CAST(@s AS TEXT) IS NULL OR site = @s) THEN 1 ELSE 0 END AS claimable
        FROM orders WHERE status = 'ReservationMissing' AND captured_at <= @last
        """;

    /// <summary>The one kept location graph: its export document and when it was read.</summary>
    public const string ReadLocationGraph = "SELECT document, read_at FROM location_graph WHERE id = 1";

    /// <summary>Keeps the graph (@d, @at) unless the one kept was read later.</summary>
    public const string SaveLocationGraph =
        """
        INSERT INTO location_graph(id, document, read_at) VALUES (1, @d, @at)
        ON CONFLICT(id) DO UPDATE SET document = excluded.document, read_at = excluded.read_at WHERE location_graph.read_at <= excluded.read_at
        """;
}
