using OrderCapture.Core.Oci.Contracts;

namespace OrderCapture.Core.Orders;

/// <summary>
/// Where an order stands. Forward only: Reserving → Reserved | ReservationMissing;
/// ReservationMissing → CompletelyReserved | PartiallyReserved | NothingReserved | NeedsReview;
/// any state but NeedsReview → Cancelled (see <see cref="CancelRules"/>).
/// </summary>
public enum OrderStatus
{
    /// <summary>Held locally while the online reservation is in flight; never reported as accepted.</summary>
    Reserving,
    Reserved,
    ReservationMissing,
    CompletelyReserved,
    PartiallyReserved,
    NothingReserved,
    NeedsReview,

    /// <summary>Given up by the storefront, the customer or an operator: holds nothing, reconciled never.</summary>
    Cancelled,
}

/// <summary>How an order was first captured: reserved online at once, or accepted offline against the cache.</summary>
public enum CapturePath
{
    Offline,
    Online,
}

/// <summary>Where the cancellation of an order's reservation document at OCI stands.</summary>
public enum OciCancelState
{
    /// <summary>The order never had a document at OCI.</summary>
    NotNeeded,

    /// <summary>Queued in the outbox; retried until OCI confirms.</summary>
    Pending,

    /// <summary>OCI confirmed (or the document never existed).</summary>
    Done,
}

/// <summary>Why, when and by whom an order was cancelled, and whether OCI has let go of its stock.</summary>
public sealed record OrderCancellation(string Reason, string? Note, DateTimeOffset At, OciCancelState OciCancel);

/// <summary>One line of an order, on one inventory list.</summary>
public sealed record OrderLine(string Sku, string InventoryListId, PlaceType PlaceType, decimal Quantity, decimal? ReservedQuantity = null);

public sealed record Order(
    string Site,
    string OrderNo,
    OrderStatus Status,
    DateTimeOffset CapturedAt,
    IReadOnlyList<OrderLine> Lines,
    int Attempts = 0,
    DateTimeOffset? ReconciledAt = null,
    CapturePath Path = CapturePath.Offline,
    OrderCancellation? Cancellation = null)
{
    public string ReservationId => ReservationIds.For(Site, OrderNo);

    /// <summary>Whether the order ended up classified by reconciliation.</summary>
    public bool IsReconciled => Status is OrderStatus.CompletelyReserved or OrderStatus.PartiallyReserved or OrderStatus.NothingReserved or OrderStatus.NeedsReview;
}
