using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Storage;

namespace OrderCapture.Core.Capture;

/// <summary>How an order becomes a reservation document, and how OCI's answer maps back to its lines.</summary>
public static class OciReservations
{
    /// <summary>Online capture: all-or-nothing, reserved now.</summary>
    public static ReservationRequest AllOrNothing(Order order) => Build(order, allowPartial: false);

    /// <summary>Reconciliation: partial allowed, reserved as of the capture time.</summary>
    public static ReservationRequest Partial(Order order) => Build(order, allowPartial: true);

    private static ReservationRequest Build(Order order, bool allowPartial)
    {
        ReservationPlaceRequest[] Places(PlaceType type) =>
        [
            .. order.Lines.Where(l => l.PlaceType == type)
                .GroupBy(l => l.InventoryListId, StringComparer.Ordinal)
                .Select(g => new ReservationPlaceRequest(g.Key, [.. g.GroupBy(l => l.Sku, StringComparer.Ordinal).Select(s => new ReservationLineRequest(s.Key, s.Sum(l => l.Quantity)))])),
        ];

        return new ReservationRequest
        {
            ExternalRefId = ReservationIds.ExternalRef(order.Site, order.OrderNo),
            AllowPartialReservations = allowPartial,
            ReservationTime = order.CapturedAt,
            Groups = Places(PlaceType.Group),
            Locations = Places(PlaceType.Location),
        };
    }

    /// <summary>The lines OCI did not reserve in full (an OCI "Unknown" SKU is not one: it is a bad order).</summary>
    public static IReadOnlyList<ShortLine> ShortLines(Order order, ReservationResponse response)
    {
        var unknown = response.Groups.Concat(response.Locations)
            .SelectMany(p => (p.Errors ?? []).Where(e => e.ErrorCode == "Unknown").Select(e => (p.Id, e.Sku)))
            .ToHashSet();
        return
        [
            .. order.Lines.GroupBy(l => (l.InventoryListId, l.Sku))
                .Select(g => (g.Key, Requested: g.Sum(l => l.Quantity), Reserved: response.ReservedQuantity(g.Key.InventoryListId, g.Key.Sku)))
                .Where(x => x.Reserved < x.Requested && !unknown.Contains((x.Key.InventoryListId, x.Key.Sku)))
                .Select(x => new ShortLine(x.Key.Sku, x.Key.InventoryListId, x.Requested, 0, Unknown: false)),
        ];
    }
}
