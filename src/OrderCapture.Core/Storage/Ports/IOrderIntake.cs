using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;

namespace OrderCapture.Core.Storage;

/// <summary>Taking orders in: the offline accept, an online attempt's end, and attempts whose instance died.</summary>
public interface IOrderIntake
{
    /// <summary>
    /// In one transaction: idempotency on (site, orderNo), the effective-ATO check of every
    /// line, the order with its holds, and (for offline capture) the outbox row of the
    /// offline work file. Concurrent calls for the last unit: exactly one wins. An order taken
    /// online (Reserving) carries <paramref name="attempt"/>: which instance owns it, until when.
    /// An order taken offline leaves <paramref name="headroom"/> to the other channels (null: none);
    /// the rule is <see cref="AcceptRule"/>. <paramref name="plan"/> says which lists the order holds
    /// and must fit (<see cref="Places.PlaceScope.Plan"/>); null: each line on its own list only.
    /// </summary>
    Task<AcceptDecision> TryAcceptAsync(Order order, Places.HoldPlan? plan, OutboxMessage? offlineReport, AttemptLease? attempt, Inventory.Pace.OfflineHeadroomOptions? headroom, CancellationToken cancellationToken);

    /// <summary>Reserving → Reserved; holds are marked replaced at <paramref name="confirmedAt"/>. False when the order had left Reserving.</summary>
    Task<bool> CompleteOnlineAsync(string site, string orderNo, DateTimeOffset confirmedAt, CancellationToken cancellationToken);

    /// <summary>Reserving → ReservationMissing with its offline work file. False when the order had left Reserving.</summary>
    Task<bool> FallBackOfflineAsync(string site, string orderNo, OutboxMessage offlineReport, CancellationToken cancellationToken);

    /// <summary>
    /// Orders in flight whose owner's lease ended before <paramref name="now"/> (their instance
    /// died); with <paramref name="includeLive"/>, every order in flight (a store only this process uses).
    /// </summary>
    Task<IReadOnlyList<Order>> ListStrandedAttemptsAsync(DateTimeOffset now, bool includeLive, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Removes a Reserving order that OCI refused, with its holds: as if it never came. With
    /// <paramref name="cancelAtOci"/>, the cancellation of its document is queued in the same commit.
    /// </summary>
    Task DiscardReservingAsync(string site, string orderNo, OutboxMessage? cancelAtOci, CancellationToken cancellationToken);
}

/// <summary>What <see cref="IOrderIntake.TryAcceptAsync"/> decided.</summary>
public abstract record AcceptDecision
{
    private AcceptDecision()
    {
    }

    public sealed record Accepted(Order Order) : AcceptDecision;

    /// <summary>The order was there already; this is how it stands.</summary>
    public sealed record Duplicate(Order Existing) : AcceptDecision;

    public sealed record Insufficient(IReadOnlyList<ShortLine> Lines) : AcceptDecision;
}

/// <summary>An order in flight belongs to <paramref name="Owner"/> (one worker instance) until <paramref name="Until"/>.</summary>
public sealed record AttemptLease(string Owner, DateTimeOffset Until);

/// <summary>A line that does not fit: what was asked and what the effective ATO allows.</summary>
public sealed record ShortLine(string Sku, string InventoryListId, decimal Requested, decimal Available, bool Unknown);
