using OrderCapture.Core.Orders;

namespace OrderCapture.Core.Places;

/// <summary>A quantity of a SKU on one inventory list.</summary>
public sealed record PlaceQuantity(string ListId, string Sku, decimal Quantity);

/// <summary>
/// What accepting an order writes and checks, from <see cref="PlaceScope.Plan"/>: one hold per list
/// and SKU its lines count against, and the (list, SKU) figures the order must fit, each with all
/// the order would hold there. Both stores apply it in their accepting transaction.
/// </summary>
public sealed record HoldPlan(IReadOnlyList<PlaceQuantity> Holds, IReadOnlyList<PlaceQuantity> Checks)
{
    /// <summary>Each line holds and is checked on its own list only: what a scope with no related places plans.</summary>
    public static HoldPlan LinesOnly(Order order)
    {
        var perList = order.Lines.GroupBy(l => (l.InventoryListId, l.Sku))
            .Select(g => new PlaceQuantity(g.Key.InventoryListId, g.Key.Sku, g.Sum(l => l.Quantity))).ToList();
        return new HoldPlan(perList, perList);
    }
}
