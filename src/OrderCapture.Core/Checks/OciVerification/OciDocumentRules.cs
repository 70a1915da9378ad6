using System.Globalization;
using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;

namespace OrderCapture.Core.Checks.OciVerification;

/// <summary>
/// What an order of ours should have at OCI, and the findings when OCI's reservations export says
/// otherwise. Plain functions: the verifier feeds them the store's orders and the export's documents.
/// </summary>
public static class OciDocumentRules
{
    public const string DocumentMissing = "oci_document_missing";
    public const string QuantityMismatch = "oci_quantity_mismatch";
    public const string OrphanDocument = "oci_orphan_document";
    public const string OpenAfterCancel = "oci_open_after_cancel";
    public const string NothingReservedOpen = "oci_nothing_reserved_open";

    /// <summary>
    /// Whether the order is settled enough to judge: not in flight (Reserving), not queued
    /// (ReservationMissing: its document may be landing), not awaiting a person (NeedsReview), and
    /// no OCI cancel still on its way.
    /// </summary>
    public static bool Judgeable(Order order) => order.Status switch
    {
        OrderStatus.Reserving or OrderStatus.ReservationMissing or OrderStatus.NeedsReview => false,
        OrderStatus.Cancelled => order.Cancellation?.OciCancel != OciCancelState.Pending,
        _ => true,
    };

    /// <summary>What OCI should hold for a judgeable order, per place and SKU (empty: nothing).</summary>
    public static IReadOnlyDictionary<(PlaceRef Place, string Sku), decimal> Expected(Order order)
    {
        IEnumerable<(OrderLine Line, decimal Quantity)> held = order.Status switch
        {
            OrderStatus.Reserved or OrderStatus.CompletelyReserved => order.Lines.Select(l => (l, l.Quantity)),
            OrderStatus.PartiallyReserved => order.Lines.Select(l => (l, l.ReservedQuantity ?? 0)),
            _ => [],
        };
        return held.Where(h => h.Quantity > 0)
            .GroupBy(h => (new PlaceRef(h.Line.PlaceType, h.Line.InventoryListId), h.Line.Sku))
            .ToDictionary(g => g.Key, g => g.Sum(h => h.Quantity));
    }

    /// <summary>
    /// What a document holds, per place and SKU, leaving out zeros. An open document holds its
    /// quantities plus what left it through fulfilment; a closed one only what was fulfilled.
    /// </summary>
    public static IReadOnlyDictionary<(PlaceRef Place, string Sku), decimal> Held(ReservationDocument? document) =>
        document is null
            ? new Dictionary<(PlaceRef, string), decimal>()
            : document.Lines
                .GroupBy(l => (l.Place, l.Sku))
                .Select(g => (g.Key, Quantity: g.Sum(l => (document.State == ReservationDocumentState.Open ? l.Quantity : 0) + l.FulfilledQuantity)))
                .Where(x => x.Quantity != 0)
                .ToDictionary(x => x.Key, x => x.Quantity);

    /// <summary>The finding for a judgeable order given its document (open, else closed, else none), or null when they agree.</summary>
    public static Finding? Judge(Order order, ReservationDocument? document)
    {
        var expected = Expected(order);
        var held = Held(document);
        if (Same(expected, held))
        {
            return null;
        }

        var id = order.ReservationId;
        return order.Status switch
        {
            OrderStatus.Cancelled => new Finding(OpenAfterCancel, order.Site, order.OrderNo,
                $"cancelled here ({order.Cancellation?.Reason}), but OCI's document {id} still holds {Describe(held)}"),
            OrderStatus.NothingReserved => new Finding(NothingReservedOpen, order.Site, order.OrderNo,
                $"NothingReserved here, but OCI's document {id} holds {Describe(held)}"),
            _ when held.Count == 0 => new Finding(DocumentMissing, order.Site, order.OrderNo, document is null
                ? $"{order.Status} here, but OCI has no document {id} (expected {Describe(expected)})"
                : $"{order.Status} here, but OCI's document {id} is closed and holds nothing (expected {Describe(expected)})"),
            _ => new Finding(QuantityMismatch, order.Site, order.OrderNo, $"{order.Status} here; {Differences(expected, held)}"),
        };
    }

    /// <summary>
    /// A document that holds stock under one of our externalRefIds although no order explains it:
    /// the order does not exist, or its own document has another id.
    /// </summary>
    public static Finding Orphan(ReservationDocument document, string site, string orderNo, Order? namedOrder) =>
        new(OrphanDocument, site, orderNo, namedOrder is null
            ? $"OCI's document {document.ReservationId} ({document.ExternalRefId}) holds {Describe(Held(document))} for an order we do not have"
            : $"OCI's document {document.ReservationId} ({document.ExternalRefId}) holds {Describe(Held(document))} beside the order's own document {namedOrder.ReservationId}");

    /// <summary>The (site, order number) an externalRefId of ours names (<see cref="ReservationIds.ExternalRef"/>), or null for another channel's.</summary>
    public static (string Site, string OrderNo)? OwnerOf(string? externalRefId, IEnumerable<string> sites)
    {
        if (externalRefId is null)
        {
            return null;
        }

        // The longest site first: "Shop-EU" must win over "Shop" for "Shop-EU-0001".
        var site = sites.Where(s => externalRefId.Length > s.Length + 1 && externalRefId.StartsWith(s + "-", StringComparison.Ordinal))
            .OrderByDescending(s => s.Length).FirstOrDefault();
        return site is null ? null : (site, externalRefId[(site.Length + 1)..]);
    }

    private static bool Same(IReadOnlyDictionary<(PlaceRef, string), decimal> a, IReadOnlyDictionary<(PlaceRef, string), decimal> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var q) && q == kv.Value);

    private static string Differences(IReadOnlyDictionary<(PlaceRef Place, string Sku), decimal> expected, IReadOnlyDictionary<(PlaceRef Place, string Sku), decimal> held) =>
        string.Join("; ", expected.Keys.Union(held.Keys)
            .Where(k => expected.GetValueOrDefault(k) != held.GetValueOrDefault(k))
            .OrderBy(k => k.Sku, StringComparer.Ordinal)
            .Select(k => string.Create(CultureInfo.InvariantCulture, $"{k.Sku} at {k.Place.Id}: we hold {expected.GetValueOrDefault(k):0.###}, OCI {held.GetValueOrDefault(k):0.###}")));

    private static string Describe(IReadOnlyDictionary<(PlaceRef Place, string Sku), decimal> quantities) =>
        quantities.Count == 0
            ? "nothing"
            : string.Join(", ", quantities.OrderBy(kv => kv.Key.Sku, StringComparer.Ordinal)
                .Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Value:0.###} × {kv.Key.Sku} at {kv.Key.Place.Id}")));
}
