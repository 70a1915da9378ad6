using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;

namespace OrderCapture.Core.Reconciliation;

/// <summary>Maps OCI's answer to a partial reservation onto the order's lines and its outcome.</summary>
public static class OutcomeClassifier
{
    public static (OrderStatus Outcome, IReadOnlyList<decimal?> ReservedPerLine) Classify(Order order, ReservationResponse response) =>
        Classify(order, response.ReservedQuantity);

    /// <summary>The same, from a document as the reservations export lists it (a closed one holds nothing).</summary>
    public static (OrderStatus Outcome, IReadOnlyList<decimal?> ReservedPerLine) Classify(Order order, Oci.Contracts.ReservationDocument document) =>
        Classify(order, (place, sku) => document.State == Oci.Contracts.ReservationDocumentState.Closed
            ? 0
            : document.Lines.Where(l => l.Place.Id == place && l.Sku == sku).Sum(l => l.Quantity));

    private static (OrderStatus Outcome, IReadOnlyList<decimal?> ReservedPerLine) Classify(Order order, Func<string, string, decimal> reservedAt)
    {
        // OCI answers per place and SKU; lines of one order on the same SKU share it, first line first.
        var left = order.Lines
            .GroupBy(l => (l.InventoryListId, l.Sku))
            .ToDictionary(g => g.Key, g => Math.Min(reservedAt(g.Key.InventoryListId, g.Key.Sku), g.Sum(l => l.Quantity)));
        var perLine = new List<decimal?>(order.Lines.Count);
        foreach (var line in order.Lines)
        {
            var key = (line.InventoryListId, line.Sku);
            var reserved = Math.Max(0, Math.Min(line.Quantity, left[key]));
            left[key] -= reserved;
            perLine.Add(reserved);
        }

        var total = perLine.Sum(q => q ?? 0);
        var outcome = order.Lines.Select((l, i) => perLine[i] == l.Quantity).All(full => full) ? OrderStatus.CompletelyReserved
            : total > 0 ? OrderStatus.PartiallyReserved
            : OrderStatus.NothingReserved;
        return (outcome, perLine);
    }
}
