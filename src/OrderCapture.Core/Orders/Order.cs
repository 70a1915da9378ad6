using OrderCapture.Core.Oci.Contracts;

namespace OrderCapture.Core.Orders;

/// <summary>
/// Where an order stands. Forward only: Reserving → Reserved | ReservationMissing;
/// ReservationMissing → CompletelyReserved | PartiallyReserved | NothingReserved | NeedsReview.
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
}

/// <summary>One line of an order, on one inventory list.</summary>
public sealed record OrderLine(string Sku, string InventoryListId, PlaceType PlaceType, decimal Quantity, decimal? ReservedQuantity = null);

public sealed record Order(
    string Site,
    string OrderNo,
    OrderStatus Status,
    DateTimeOffset CapturedAt,
    IReadOnlyList<OrderLine> Lines,
    int Attempts = 0,
    DateTimeOffset? ReconciledAt = null)
{
    public string ReservationId => ReservationIds.For(Site, OrderNo);

    /// <summary>Whether the order ended up classified by reconciliation.</summary>
    public bool IsReconciled => Status is OrderStatus.CompletelyReserved or OrderStatus.PartiallyReserved or OrderStatus.NothingReserved or OrderStatus.NeedsReview;
}
