using OrderCapture.Core.Inventory.Pace;
using OrderCapture.Core.Orders;

namespace OrderCapture.Core.Storage;

/// <summary>
/// Whether a line of an order fits the cache, for both stores' accepting transaction: they read
/// the figures under their own locks and ask this. Offline there is nothing but the cache to go
/// by, less the headroom left to the other channels; online, OCI decides what the cache
/// does not know, and the headroom does not apply.
/// </summary>
public static class AcceptRule
{
    /// <param name="order">The order being accepted; its status says online (Reserving) or offline, its capture time is "now".</param>
    /// <param name="listId">The line's inventory list.</param>
    /// <param name="sku">The line's SKU.</param>
    /// <param name="requested">All the order asks of this (list, SKU), over its lines.</param>
    /// <param name="view">The cached figures of the line's (list, SKU); null when the cache has no record.</param>
    /// <param name="listSynced">Whether the list has been exported at all: an unknown SKU in a synced list is unknown to OCI.</param>
    /// <param name="headroom">What an offline order leaves to the other channels; null: nothing.</param>
    /// <returns>The short line, or null when the requested quantity fits.</returns>
    public static ShortLine? ShortOf(Order order, string listId, string sku, decimal requested, AvailabilityView? view, Func<bool> listSynced, OfflineHeadroomOptions? headroom)
    {
        var offline = order.Status != OrderStatus.Reserving;
        if (view is null)
        {
            return offline ? new ShortLine(sku, listId, requested, 0, Unknown: listSynced()) : null;
        }

        var available = offline ? OfflineHeadroom.EffectiveAto(view, order.CapturedAt, headroom) : view.EffectiveAto;
        return available < requested ? new ShortLine(sku, listId, requested, available, Unknown: false) : null;
    }
}
