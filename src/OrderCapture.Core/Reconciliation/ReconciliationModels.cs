using OrderCapture.Core.Orders;
using OrderCapture.Core.Storage;

namespace OrderCapture.Core.Reconciliation;

/// <summary>
/// One order's reconciliation, written in one transaction: its new state, what OCI reserved
/// per line, its holds marked replaced, and its outbox rows (work file, Order Management push).
/// <paramref name="ReconciledAt"/> is the instance's time, as its reports say; the holds are marked
/// replaced with the store's clock as the write runs (<see cref="IStoreClock"/>, invariant 3), which
/// is no earlier than the answer that replaced them.
/// <paramref name="From"/> is the state it must still be in: Reservation Missing for a run,
/// NeedsReview for an operator's decision (forward only either way).
/// </summary>
public sealed record ReconciledOrder(
    string Site,
    string OrderNo,
    OrderStatus Outcome,
    DateTimeOffset ReconciledAt,
    IReadOnlyList<decimal?> ReservedPerLine,
    bool HoldsReplaced,
    IReadOnlyList<OutboxMessage> Messages,
    OrderStatus From = OrderStatus.ReservationMissing);

/// <summary>What a reconciliation run did, for alerts, the API and the status page.</summary>
public sealed record ReconciliationRun(
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    int CompletelyReserved,
    int PartiallyReserved,
    int NothingReserved,
    int NeedsReview,
    long StillQueued,
    bool OciOffline)
{
    public int Classified => CompletelyReserved + PartiallyReserved + NothingReserved + NeedsReview;
}
