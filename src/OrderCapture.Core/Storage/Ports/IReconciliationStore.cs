using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;

namespace OrderCapture.Core.Storage;

/// <summary>The reconciliation side of the store: claims with a lease, forward-only outcomes.</summary>
public interface IReconciliationStore
{
    /// <summary>
    /// Claims up to <paramref name="max"/> Reservation Missing orders, oldest capture first,
    /// that nobody holds a live lease on; they belong to <paramref name="owner"/> until <paramref name="leaseUntil"/>.
    /// Orders drawing on stock an older queued order out of reach waits for (per <paramref name="scope"/>) are left for a later claim.
    /// </summary>
    Task<IReadOnlyList<Order>> ClaimReconciliationBatchAsync(string owner, int max, DateTimeOffset now, DateTimeOffset leaseUntil, string? site, Places.PlaceScope? scope, CancellationToken cancellationToken);

    /// <summary>Writes one order's outcome; false when the order had already left Reservation Missing (nothing written).</summary>
    Task<bool> CompleteReconciliationAsync(Reconciliation.ReconciledOrder outcome, CancellationToken cancellationToken);

    /// <summary>
    /// "OCI remains offline": the order stays queued with its attempt count raised. Its PUT, given up
    /// on, may still land at OCI until <paramref name="mayLandUntil"/>: the claim is kept until then, so
    /// no run re-sends it and a cancel in between also queues a cancel for when it can no longer land.
    /// </summary>
    Task RecordStillOfflineAsync(string site, string orderNo, DateTimeOffset mayLandUntil, CancellationToken cancellationToken);

    /// <summary>
    /// Gives back the claims of <paramref name="owner"/> on orders still queued (a run stopped by an
    /// outage): claimable again from <paramref name="mayLandUntil"/>, when a PUT it abandoned can no longer land.
    /// The owner is one run's: the claims of earlier runs are not touched (their leases must not move).
    /// </summary>
    Task ReleaseClaimsAsync(string owner, DateTimeOffset mayLandUntil, CancellationToken cancellationToken);
}
