using System.Data.Common;
using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Reconciliation;

namespace OrderCapture.Storage;

/// <summary>
/// Rows to records, for both stores: their tables have the same columns, and each query below
/// selects them in the order given here.
/// </summary>
internal static class StoreRows
{
    /// <summary>Undelivered outbox messages per kind: kind, count, oldest created_at (the dialects agree).</summary>
    public const string OutboxBacklogSql = "SELECT kind, COUNT(*) AS pending, MIN(created_at) AS oldest FROM outbox WHERE done_at IS NULL GROUP BY kind ORDER BY kind";

    /// <summary>A row of <see cref="OutboxBacklogSql"/>.</summary>
    public static OutboxBacklog OutboxBacklog(DbDataReader r) => new(r.String("kind"), r.Int64("pending"), r.Time("oldest"));

    /// <summary>The columns <see cref="OrderHead"/> reads, in its order.</summary>
    public const string OrderColumns = "site, order_no, status, captured_at, reconciled_at, attempts, path, cancel_reason, cancel_note, cancelled_at, oci_cancel";

    /// <summary>A row of <see cref="StoreSql.ReadLocationGraph"/>.</summary>
    public static Core.Places.LocationGraph LocationGraph(DbDataReader r) =>
        (System.Text.Json.JsonSerializer.Deserialize(r.String("document"), OciJsonContext.Default.LocationGraphFile) ?? new LocationGraphFile()).ToGraph(r.Time("read_at"));

    /// <summary>How <see cref="StoreSql.SaveLocationGraph"/> keeps a graph: as the export's own document.</summary>
    public static string LocationGraphDocument(Core.Places.LocationGraph graph) =>
        System.Text.Json.JsonSerializer.Serialize(LocationGraphFile.Of(graph), OciJsonContext.Default.LocationGraphFile);

    /// <summary>An order's key from a row with site and order_no columns.</summary>
    public static (string Site, string OrderNo) OrderKey(DbDataReader r) => (r.String("site"), r.String("order_no"));

    /// <summary>A row of <see cref="StoreSql.PendingWorkFiles"/>.</summary>
    public static (string Site, string OrderNo, string Target) PendingWorkFile(DbDataReader r) => (r.String("site"), r.String("order_no"), r.String("target"));

    /// <summary>The facts `check` compares, from the rows of <see cref="StoreSql"/>'s three consistency queries.</summary>
    public static ConsistencyFacts ConsistencyFacts(
        IEnumerable<(string Site, string OrderNo)> queuedWithHold,
        IReadOnlyList<(string Site, string OrderNo)> orphanHolds,
        IEnumerable<(string Site, string OrderNo, string Target)> pendingWorkFiles) =>
        new(
            queuedWithHold.ToHashSet(),
            orphanHolds,
            pendingWorkFiles
                .Select(p => (Kind: Core.Reports.WorkFiles.KindOf(Path.GetFileName(p.Target)), p.Site, p.OrderNo))
                .Where(p => p.Kind is not null)
                .Select(p => (p.Kind!.Value, p.Site, p.OrderNo))
                .ToHashSet());

    /// <summary>Orders per status (both dialects).</summary>
    public const string CountByStatusSql = "SELECT status, COUNT(*) AS orders FROM orders GROUP BY status";

    /// <summary>An order without its lines, from <see cref="OrderColumns"/>.</summary>
    public static Core.Orders.Order OrderHead(DbDataReader r) => new(
        r.String("site"), r.String("order_no"), r.Enum<Core.Orders.OrderStatus>("status"), r.Time("captured_at"), [], r.Int32("attempts"),
        r.TimeOrNull("reconciled_at"), r.Enum<Core.Orders.CapturePath>("path"),
        r.IsNull("cancel_reason")
            ? null
            : new Core.Orders.OrderCancellation(r.String("cancel_reason"), r.StringOrNull("cancel_note"), r.Time("cancelled_at"), r.Enum<Core.Orders.OciCancelState>("oci_cancel")));

    /// <summary>An order line from a row of order_lines (sku, list_id, place_type, quantity, reserved).</summary>
    public static Core.Orders.OrderLine OrderLine(DbDataReader r) =>
        new(r.String("sku"), r.String("list_id"), r.Enum<PlaceType>("place_type"), r.Quantity("quantity"), r.QuantityOrNull("reserved"));

    /// <summary>
    /// Makes a staged generation current for a list, only over an older one (a slower
    /// rebuild must not replace a newer one). Both dialects; @l, @p, @g, @t, @f. No row changed: stale.
    /// </summary>
    public const string PublishSql =
        """
        INSERT INTO list_sync(list_id, place_type, generation, delta_token, fetched_at, paced_since) VALUES (@l, @p, @g, @t, @f, @f)
        ON CONFLICT(list_id) DO UPDATE SET place_type = excluded.place_type, generation = excluded.generation, delta_token = excluded.delta_token,
            fetched_at = excluded.fetched_at, paced_since = excluded.paced_since
        WHERE list_sync.generation < excluded.generation
        """;

    public const string DropOlderGenerationsSql = "DELETE FROM availability WHERE list_id = @l AND generation < @g";

    public const string DropStagedGenerationSql = "DELETE FROM availability WHERE list_id = @l AND generation = @g";

    /// <summary>A delta poll's token and start, only forward: an older poll finishing late changes nothing. @t, @f, @l.</summary>
    public const string AdvanceDeltaTokenSql =
        "UPDATE list_sync SET delta_token = @t, fetched_at = @f WHERE list_id = @l AND (fetched_at IS NULL OR fetched_at <= @f)";

    /// <summary>
    /// <see cref="HoldRetirement.StillCounts"/> as SQL, for a holds row (<paramref name="replacedAt"/>, its
    /// replaced_at column) and the list's fetched_at (<paramref name="fetchedAt"/>, a column or parameter).
    /// </summary>
    public static string HoldStillCountsSql(string replacedAt, string fetchedAt) =>
        $"({replacedAt} IS NULL OR {fetchedAt} IS NULL OR {replacedAt} >= {fetchedAt})";

    /// <summary>The holds <see cref="HoldRetirement.StillCounts"/> retires once figures fetched at <paramref name="fetchedAt"/> are in the cache.</summary>
    public static string HoldRetiredSql(string fetchedAt) => $"NOT {HoldStillCountsSql("replaced_at", fetchedAt)}";

    /// <summary>
    /// Keyset paging over (captured_at, site, order_no) for <see cref="IOrderQueries.ListOrdersPageAsync"/>,
    /// the same SQL for both dialects (parameters @since, @at, @s, @o, @n).
    /// </summary>
    public const string OrderPageSql =
        """
        SELECT site, order_no FROM orders
        WHERE captured_at >= @since AND (captured_at > @at OR (captured_at = @at AND (site > @s OR (site = @s AND order_no > @o))))
        ORDER BY captured_at, site, order_no LIMIT @n
        """;

    /// <summary>
    /// An attempt that ended without OCI's answer: one more attempt, and the claim (claimed_by, so a
    /// cancel knows a PUT was sent) kept until the abandoned PUT can no longer land. @s, @o, @until.
    /// </summary>
    public const string RecordStillOfflineSql =
        "UPDATE orders SET attempts = attempts + 1, lease_until = @until WHERE site = @s AND order_no = @o AND status = 'ReservationMissing'";

    /// <summary>
    /// A run's claims on orders still queued end when a PUT it abandoned can no longer land; claimed_by
    /// stays (CancelRules.MayHaveDocument). @w, @until.
    /// </summary>
    public const string ReleaseClaimsSql =
        "UPDATE orders SET lease_until = @until WHERE claimed_by = @w AND lease_until IS NOT NULL AND status = 'ReservationMissing'";

    /// <summary>
    /// A minute's increments into its row (both dialects; @m, @on, @off, @ref, @rec, @q, @st): counts add
    /// up; the queue depth and OCI state keep the worst of the minute, so a short outage stays drawn.
    /// </summary>
    public const string GetCheckMarkSql = "SELECT mark FROM check_marks WHERE name = @n";

    public const string SetCheckMarkSql = "INSERT INTO check_marks(name, mark) VALUES (@n, @m) ON CONFLICT(name) DO UPDATE SET mark = excluded.mark";

    public const string RecordActivitySql =
        """
        INSERT INTO activity(minute, online, offline, refused, reconciled, queue_depth, oci_state) VALUES (@m, @on, @off, @ref, @rec, @q, @st)
        ON CONFLICT(minute) DO UPDATE SET online = activity.online + excluded.online, offline = activity.offline + excluded.offline,
            refused = activity.refused + excluded.refused, reconciled = activity.reconciled + excluded.reconciled,
            queue_depth = CASE WHEN excluded.queue_depth > activity.queue_depth THEN excluded.queue_depth ELSE activity.queue_depth END,
            oci_state = CASE WHEN (CASE excluded.oci_state WHEN 'offline' THEN 2 WHEN 'recovering' THEN 1 ELSE 0 END)
                                > (CASE activity.oci_state WHEN 'offline' THEN 2 WHEN 'recovering' THEN 1 ELSE 0 END)
                             THEN excluded.oci_state ELSE activity.oci_state END
        """;

    public const string PruneActivitySql = "DELETE FROM activity WHERE minute < @before";

    public const string ListActivitySql = "SELECT minute, online, offline, refused, reconciled, queue_depth, oci_state FROM activity WHERE minute >= @since ORDER BY minute";

    public const string OrderAlertsSql = "SELECT id, at, severity, kind, message, site, order_no, acked_at FROM alerts WHERE site = @s AND order_no = @o ORDER BY id";

    /// <summary>A row of <see cref="ListActivitySql"/>.</summary>
    public static Core.Telemetry.ActivityMinute Activity(DbDataReader r) => new(
        r.Time("minute"), r.Int64("online"), r.Int64("offline"), r.Int64("refused"), r.Int64("reconciled"), r.Int64("queue_depth"), r.String("oci_state"));

    /// <summary>A row of alerts (id, at, severity, kind, message, site, order_no, acked_at).</summary>
    public static Alert Alert(DbDataReader r) => new(
        r.Int64("id"), r.Time("at"), r.Enum<AlertSeverity>("severity"), r.String("kind"), r.String("message"), r.StringOrNull("site"), r.StringOrNull("order_no"), r.TimeOrNull("acked_at"));

    /// <summary>A row of connectivity (at, from_state, to_state, reason).</summary>
    public static ConnectivityTransition Transition(DbDataReader r) =>
        new(r.Time("at"), r.Enum<ConnectivityState>("from_state"), r.Enum<ConnectivityState>("to_state"), r.String("reason"));

    /// <summary>A row of list_sync (list_id, place_type, generation, delta_token, fetched_at).</summary>
    public static ListSyncState SyncState(DbDataReader r) =>
        new(r.String("list_id"), r.Enum<PlaceType>("place_type"), r.Int64("generation"), r.StringOrNull("delta_token"), r.TimeOrNull("fetched_at"));

    /// <summary>
    /// (list_id, sku) by pace as last observed, fastest first; parameter max (both dialects take
    /// <c>@max</c>). The one-minute floor is <see cref="Core.Inventory.Pace.PaceState.MinimumEvidence"/>.
    /// </summary>
    public const string BusiestSkusSql =
        "SELECT list_id, sku FROM sku_pace WHERE units > 0 ORDER BY units / (CASE WHEN seconds < 60 THEN 60 ELSE seconds END) DESC, list_id, sku LIMIT @max";

    /// <summary>The sku_pace columns units, seconds, observed_at of a row (outer-joined: null when the SKU has no pace row).</summary>
    public static Core.Inventory.Pace.PaceState? Pace(DbDataReader r) => r.IsNull("observed_at")
        ? null
        : new Core.Inventory.Pace.PaceState(r.Double("units"), r.Double("seconds"), r.Time("observed_at"));

    /// <summary>A row of outbox (id, kind, site, order_no, target, payload, attempts, created_at).</summary>
    public static OutboxItem OutboxItem(DbDataReader r) => new(
        r.Int64("id"), new OutboxMessage(r.String("kind"), r.String("site"), r.String("order_no"), r.String("target"), r.String("payload")), r.Int32("attempts"), r.Time("created_at"));

    /// <summary>
    /// Heads (newest first) and the rows of <see cref="StoreSql.NewestOrdersLines"/>, read with one line
    /// more than <paramref name="linesPerOrder"/> so that an excerpt can say there are more.
    /// </summary>
    public static IReadOnlyList<OrderExcerpt> Excerpts(IReadOnlyList<Core.Orders.Order> heads, IEnumerable<(string Site, string OrderNo, Core.Orders.OrderLine Line)> lines, int linesPerOrder)
    {
        var byOrder = lines.GroupBy(l => (l.Site, l.OrderNo)).ToDictionary(g => g.Key, g => g.Select(l => l.Line).ToList());
        return [.. heads.Select(h => byOrder.TryGetValue((h.Site, h.OrderNo), out var found)
            ? new OrderExcerpt(h with { Lines = [.. found.Take(linesPerOrder)] }, found.Count > linesPerOrder)
            : new OrderExcerpt(h, false))];
    }

    /// <summary>
    /// From the rows of <see cref="StoreSql.QueuedUpTo"/>: the orders a claim's candidates must not
    /// overtake. One this claim could not take counts; one it could take counts only when it comes
    /// before the newest candidate (another claim holds it): after it, it was only beyond the limit.
    /// </summary>
    public static List<(string Site, string OrderNo)> OutOfReach(IEnumerable<(string Site, string OrderNo, long CapturedAt, bool Claimable)> queued,
        IReadOnlyList<Core.Orders.Order> candidates)
    {
        var taking = candidates.Select(o => (o.Site, o.OrderNo)).ToHashSet();
        var last = FirstComeFirstServed.ClaimKey(candidates[^1]);
        return
        [
            .. queued.Where(q => !taking.Contains((q.Site, q.OrderNo))
                    && (!q.Claimable || FirstComeFirstServed.CompareClaimKeys((q.CapturedAt, q.Site, q.OrderNo), last) < 0))
                .Select(q => (q.Site, q.OrderNo)),
        ];
    }

    /// <summary>A row of <see cref="StoreSql.QueuedUpTo"/>.</summary>
    public static (string Site, string OrderNo, long CapturedAt, bool Claimable) Queued(DbDataReader r) =>
        (r.String("site"), r.String("order_no"), r.Int64("captured_at"), r.Int64("claimable") == 1);
}
