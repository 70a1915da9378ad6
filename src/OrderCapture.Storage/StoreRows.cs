using System.Data.Common;
using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Reconciliation;

namespace OrderCapture.Storage;

/// <summary>
/// Rows to records, for both stores: the only place a row is read. Each mapper reads its columns by
/// name; the statements that select them are in the <c>Sql/</c> classes.
/// </summary>
internal static class StoreRows
{
    /// <summary>A row of <see cref="OutboxSql.Backlog"/>.</summary>
    public static OutboxBacklog OutboxBacklog(DbDataReader r) => new(r.String("kind"), r.Int64("pending"), r.Time("oldest"));

    /// <summary>A row of <see cref="AvailabilitySql.ReadLocationGraph"/>.</summary>
    public static Core.Places.LocationGraph LocationGraph(DbDataReader r) =>
        (System.Text.Json.JsonSerializer.Deserialize(r.String("document"), OciJsonContext.Default.LocationGraphFile) ?? new LocationGraphFile()).ToGraph(r.Time("read_at"));

    /// <summary>How <see cref="AvailabilitySql.SaveLocationGraph"/> keeps a graph: as the export's own document.</summary>
    public static string LocationGraphDocument(Core.Places.LocationGraph graph) =>
        System.Text.Json.JsonSerializer.Serialize(LocationGraphFile.Of(graph), OciJsonContext.Default.LocationGraphFile);

    /// <summary>An order's key from a row with site and order_no columns.</summary>
    public static (string Site, string OrderNo) OrderKey(DbDataReader r) => (r.String("site"), r.String("order_no"));

    /// <summary>A row of <see cref="OrdersSql.PendingWorkFiles"/>.</summary>
    public static (string Site, string OrderNo, string Target) PendingWorkFile(DbDataReader r) => (r.String("site"), r.String("order_no"), r.String("target"));

    /// <summary>The facts `check` compares, from the rows of <see cref="OrdersSql"/>'s three consistency queries.</summary>
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

    /// <summary>An order without its lines, from <see cref="OrdersSql.HeadColumns"/>.</summary>
    public static Core.Orders.Order OrderHead(DbDataReader r) => new(
        r.String("site"), r.String("order_no"), r.Enum<Core.Orders.OrderStatus>("status"), r.Time("captured_at"), [], r.Int32("attempts"),
        r.TimeOrNull("reconciled_at"), r.Enum<Core.Orders.CapturePath>("path"),
        r.IsNull("cancel_reason")
            ? null
            : new Core.Orders.OrderCancellation(r.String("cancel_reason"), r.StringOrNull("cancel_note"), r.Time("cancelled_at"), r.Enum<Core.Orders.OciCancelState>("oci_cancel")));

    /// <summary>An order line from a row of order_lines (sku, list_id, place_type, quantity, reserved).</summary>
    public static Core.Orders.OrderLine OrderLine(DbDataReader r) =>
        new(r.String("sku"), r.String("list_id"), r.Enum<PlaceType>("place_type"), r.Quantity("quantity"), r.QuantityOrNull("reserved"));

    /// <summary>A row of <see cref="ActivitySql.List"/>.</summary>
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

    /// <summary>The sku_pace columns units, seconds, observed_at of a row (outer-joined: null when the SKU has no pace row).</summary>
    public static Core.Inventory.Pace.PaceState? Pace(DbDataReader r) => r.IsNull("observed_at")
        ? null
        : new Core.Inventory.Pace.PaceState(r.Double("units"), r.Double("seconds"), r.Time("observed_at"));

    /// <summary>A row of outbox (id, kind, site, order_no, target, payload, attempts, created_at).</summary>
    public static OutboxItem OutboxItem(DbDataReader r) => new(
        r.Int64("id"), new OutboxMessage(r.String("kind"), r.String("site"), r.String("order_no"), r.String("target"), r.String("payload")), r.Int32("attempts"), r.Time("created_at"));

    /// <summary>
    /// Heads (newest first) and the rows of <see cref="OrdersSql.NewestLines"/>, read with one line
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
    /// From the rows of <see cref="ReconciliationSql.QueuedUpTo"/>: the orders a claim's candidates must not
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

    /// <summary>A row of <see cref="ReconciliationSql.QueuedUpTo"/>.</summary>
    public static (string Site, string OrderNo, long CapturedAt, bool Claimable) Queued(DbDataReader r) =>
        (r.String("site"), r.String("order_no"), r.Int64("captured_at"), r.Int64("claimable") == 1);
}
