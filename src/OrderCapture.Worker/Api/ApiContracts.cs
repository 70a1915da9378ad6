using OrderCapture.Core.Inventory.Pace;
using OrderCapture.Core.Storage;
using OrderCapture.Core.Orders;

namespace OrderCapture.Worker.Api;

public static class ApiLimits
{
    /// <summary>Largest request body the API reads: 1 MiB.</summary>
    public const long MaxBodyBytes = 1 << 20;
}

/// <summary>The answer to <c>POST /api/orders</c>.</summary>
public sealed record OrderAccepted(string OrderNo, string Site, string Status);

/// <summary>An order as <c>GET /api/orders</c> shows it.</summary>
public sealed record OrderView(
    string OrderNo,
    string Site,
    string Status,
    DateTimeOffset CapturedAt,
    DateTimeOffset? ReconciledAt,
    int Attempts,
    string ReservationId,
    IReadOnlyList<OrderLineView> Lines,
    string Path,
    CancellationView? Cancellation)
{
    public static OrderView From(Order order) => new(
        order.OrderNo, order.Site, order.Status.ToString(), order.CapturedAt, order.ReconciledAt, order.Attempts, order.ReservationId,
        [.. order.Lines.Select(l => new OrderLineView(l.Sku, l.InventoryListId, l.Quantity, l.ReservedQuantity))],
        order.Path.ToString(), order.Cancellation is { } c ? CancellationView.From(c) : null);
}

/// <summary>Why and when an order was cancelled; <c>ociCancel</c> is done, pending or not_needed.</summary>
public sealed record CancellationView(string Reason, string? Note, DateTimeOffset At, string OciCancel)
{
    public static CancellationView From(OrderCancellation c) => new(c.Reason, c.Note, c.At, OciCancelText(c.OciCancel));

    public static string OciCancelText(OciCancelState state) => state switch
    {
        OciCancelState.Done => "done",
        OciCancelState.Pending => "pending",
        _ => "not_needed",
    };
}

/// <summary>The body of <c>POST /api/orders/{site}/{orderNo}/cancel</c>.</summary>
public sealed record CancelBody(string? Reason, string? Note);

/// <summary>The body of <c>POST /api/orders/{site}/{orderNo}/resolve</c>: CompletelyReserved, NothingReserved or Cancelled.</summary>
public sealed record ResolveBody(string? Outcome, string? Note);

/// <summary>The answer to a cancel: the same for the first call and every repeat.</summary>
/// <summary><c>POST /api/orders/validate</c>: the order would be taken as it is (its stock aside); nothing was stored.</summary>
public sealed record OrderValidated(string OrderNo, string Site, int Lines);

public sealed record CancelAnswer(string OrderNo, string Site, string Status, string Reason, string OciCancel);

public sealed record OrderLineView(string Sku, string InventoryListId, decimal Quantity, decimal? ReservedQuantity);

/// <summary>
/// <c>GET /api/availability/{list}/{sku}</c>. <c>EffectiveAto</c> = ATO − held (what an online order
/// is checked against); <c>PacePerHour</c>: how fast the other channels took it as of <c>AsOf</c>;
/// <c>OfflineHeadroom</c>: what an order taken offline now leaves them (0 with
/// <c>Capture:OfflineHeadroom:Mode=Off</c>); <c>OfflineEffectiveAto</c>: what an offline order may take now
/// on this list alone. <c>HoldsCountAgainst</c>: the cached lists a hold here lowers (the location
/// graph's groups containing this place, or sharing a location with it); <c>CappedBy</c>: the cached
/// lists whose effective ATO also limits what this place offers (a store's groups).
/// </summary>
public sealed record AvailabilityAnswer(decimal Ato, decimal Held, decimal EffectiveAto, DateTimeOffset? AsOf, double PacePerHour, decimal OfflineHeadroom, decimal OfflineEffectiveAto)
{
    public IReadOnlyList<string> HoldsCountAgainst { get; init; } = [];

    public IReadOnlyList<string> CappedBy { get; init; } = [];

    public static AvailabilityAnswer From(AvailabilityView view, DateTimeOffset now, OfflineHeadroomOptions headroom) => new(
        view.Ato, view.Held, view.EffectiveAto, view.AsOf,
        view.Pace is { } pace && view.AsOf is { } asOf ? Math.Round(pace.PerHourAt(asOf, headroom.PaceWindow), 2) : 0,
        Core.Inventory.Pace.OfflineHeadroom.Units(view, now, headroom), Core.Inventory.Pace.OfflineHeadroom.EffectiveAto(view, now, headroom));
}

/// <summary><c>GET /api/status</c>; <c>OciMode</c> is Simulator when orders are reserved against the in-process simulator, not OCI.</summary>
public sealed record StatusAnswer(string Oci, DateTimeOffset Since, QueueAnswer Queue, OrderCapture.Core.Reconciliation.ReconciliationRun? LastReconciliation, string OciMode);

public sealed record QueueAnswer(long ReservationMissing);

/// <summary>The answer to <c>POST /api/reconcile</c>: the job was triggered (it runs on the scheduler).</summary>
public sealed record ReconcileTriggered(bool Triggered, string? Site);

/// <summary>The answer to <c>POST /api/merge</c>.</summary>
public sealed record MergeAnswer(int WorkFilesMerged, int DailyFilesWritten, IReadOnlyList<string> DailyFiles);

/// <summary>The answer to <c>POST /api/purge</c>: what was removed.</summary>
public sealed record PurgeAnswer(long Orders, long DeliveredOutbox, long Alerts, long ConnectivityTransitions, int DailyFiles)
{
    public static PurgeAnswer From(Core.Retention.PurgeResult r) => new(r.Orders, r.DeliveredOutbox, r.Alerts, r.ConnectivityTransitions, r.DailyFiles);
}
