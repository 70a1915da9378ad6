namespace OrderCapture.Storage;

/// <summary>Orders taken, moved and read (<see cref="IOrderIntake"/>, <see cref="IOrderQueries"/>).</summary>
internal static class OrdersSql
{
    /// <summary>The columns <see cref="StoreRows.OrderHead"/> reads, in its order.</summary>
    public const string HeadColumns = "site, order_no, status, captured_at, reconciled_at, attempts, path, cancel_reason, cancel_note, cancelled_at, oci_cancel";

    /// <summary>The columns <see cref="StoreRows.OrderLine"/> reads.</summary>
    public const string LineColumns = "sku, list_id, place_type, quantity, reserved";

    /// <summary>One order's head: @s, @o.</summary>
    public const string ReadHead = $"SELECT {HeadColumns} FROM orders WHERE site = @s AND order_no = @o";

    /// <summary>One order's lines in line order: @s, @o.</summary>
    public const string ReadLines = $"SELECT {LineColumns} FROM order_lines WHERE site = @s AND order_no = @o ORDER BY line_no";

    /// <summary>The heads of the orders whose keys <paramref name="keys"/> (a relation k(site, order_no)) holds, found by the primary key.</summary>
    public static string ReadHeadsOf(string keys) =>
        $"SELECT {QualifiedHeadColumns} FROM {keys} JOIN orders o ON o.site = k.site AND o.order_no = k.order_no";

    /// <summary>
    /// The lines of the orders whose keys <paramref name="keys"/> holds, each order's in line order
    /// (sorted by line number alone: the caller groups them by order, which keeps that order).
    /// </summary>
    public static string ReadLinesOf(string keys) =>
        $"SELECT l.site, l.order_no, {QualifiedLineColumns} FROM {keys} JOIN order_lines l ON l.site = k.site AND l.order_no = k.order_no ORDER BY l.line_no";

    private static readonly string QualifiedHeadColumns = string.Join(", ", HeadColumns.Split(", ").Select(c => "o." + c));

    private static readonly string QualifiedLineColumns = string.Join(", ", LineColumns.Split(", ").Select(c => "l." + c));

    /// <summary>@s, @o, @st, @at, @p, @w, @until.</summary>
    public const string Insert =
        "INSERT INTO orders(site, order_no, status, captured_at, attempts, path, claimed_by, lease_until) VALUES (@s, @o, @st, @at, 0, @p, @w, @until)";

    /// <summary>@s, @o, @n, @k, @l, @p, @q.</summary>
    public const string InsertLine =
        "INSERT INTO order_lines(site, order_no, line_no, sku, list_id, place_type, quantity) VALUES (@s, @o, @n, @k, @l, @p, @q)";

    /// <summary>@s, @o, @l, @k, @q.</summary>
    public const string InsertHold = "INSERT INTO holds(site, order_no, list_id, sku, quantity) VALUES (@s, @o, @l, @k, @q)";

    /// <summary>An online attempt OCI confirmed: @s, @o.</summary>
    public const string CompleteOnline =
        "UPDATE orders SET status = 'Reserved', claimed_by = NULL, lease_until = NULL WHERE site = @s AND order_no = @o AND status = 'Reserving'";

    /// <summary>@at, @s, @o: the order's holds are replaced by OCI's reservation.</summary>
    public const string ReplaceHolds = "UPDATE holds SET replaced_at = @at WHERE site = @s AND order_no = @o";

    /// <summary>An online attempt that got no answer joins the queue: @s, @o.</summary>
    public const string FallBackOffline =
        "UPDATE orders SET status = 'ReservationMissing', claimed_by = NULL, lease_until = NULL WHERE site = @s AND order_no = @o AND status = 'Reserving'";

    /// <summary>@s, @o.</summary>
    public const string DeleteReserving = "DELETE FROM orders WHERE site = @s AND order_no = @o AND status = 'Reserving'";

    /// <summary>@s, @o.</summary>
    public const string DeleteHolds = "DELETE FROM holds WHERE site = @s AND order_no = @o";

    /// <summary>@s, @o.</summary>
    public const string DeleteLines = "DELETE FROM order_lines WHERE site = @s AND order_no = @o";

    /// <summary>Attempts whose lease ran out (@all = TRUE: every attempt): @all, @now, @n.</summary>
    public const string StrandedAttempts =
        "SELECT site, order_no FROM orders WHERE status = 'Reserving' AND (@all = TRUE OR lease_until IS NULL OR lease_until < @now) ORDER BY captured_at LIMIT @n";

    /// <summary>@st, @s (either null: any), @n.</summary>
    public const string List =
        "SELECT site, order_no FROM orders WHERE (CAST(@st AS TEXT) IS NULL OR status = @st) AND (CAST(@s AS TEXT) IS NULL OR site = @s) ORDER BY captured_at, site, order_no LIMIT @n";

    /// <summary>Keyset paging over (captured_at, site, order_no): @since, @at, @s, @o, @n.</summary>
    public const string Page =
        """
        SELECT site, order_no FROM orders
        WHERE captured_at >= @since AND (captured_at > @at OR (captured_at = @at AND (site > @s OR (site = @s AND order_no > @o))))
        ORDER BY captured_at, site, order_no LIMIT @n
        """;

    /// <summary>The newest orders in a status, by the status index read backwards: @st, @n. Rows for <see cref="StoreRows.OrderHead"/>.</summary>
    public const string Newest =
        $"SELECT {HeadColumns} FROM orders WHERE status = @st ORDER BY captured_at DESC, site DESC, order_no DESC LIMIT @n";

    /// <summary>
    /// Up to @k lines of each of those orders, the first by line number (@short = 1: only lines not
    /// reserved in full): @st, @n, @k, @short. Each order's lines are read by its key and no further
    /// than @k, whatever the order holds. Rows for <see cref="StoreRows.OrderLine"/> with site and order_no.
    /// </summary>
    public const string NewestLines =
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

    /// <summary>Orders per status.</summary>
    public const string CountByStatus = "SELECT status, COUNT(*) AS orders FROM orders GROUP BY status";

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
}
