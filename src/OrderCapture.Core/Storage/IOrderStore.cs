using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;

namespace OrderCapture.Core.Storage;

/// <summary>
/// Everything the worker keeps, as one store: orders and lines, holds, the availability cache, sync
/// state, the outbox, alerts and connectivity transitions. SQLite is the embedded implementation,
/// PostgreSQL the scale-out one (OrderCapture.Storage); every write is durable when the task
/// completes. Services depend on the port they need, not on this: each is registered on its own.
/// </summary>
public interface IOrderStore : IOrderIntake, IOrderQueries, IStoreClock, IAvailabilityCacheStore, IOutboxStore, IAlertStore, IConnectivityLog, IActivityLog,
    IReconciliationStore, ICancellationStore, Retention.IRetentionStore
{
}

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

/// <summary>Reading orders: one, a list, every one since a moment page by page, counts, and what the consistency check compares.</summary>
public interface IOrderQueries
{
    Task<Order?> GetOrderAsync(string site, string orderNo, CancellationToken cancellationToken);

    Task<IReadOnlyList<Order>> ListOrdersAsync(OrderStatus? status, string? site, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// One page of orders captured at or after <paramref name="since"/>, in capture order, after
    /// <paramref name="after"/> (null: from the start): a reader of every order walks them page by
    /// page (<see cref="OrderPages"/>) instead of loading them all.
    /// </summary>
    Task<IReadOnlyList<Order>> ListOrdersPageAsync(DateTimeOffset since, OrderCursor? after, int max, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<OrderStatus, long>> CountByStatusAsync(CancellationToken cancellationToken);

    /// <summary>
    /// A screen's read, bounded whatever the store holds: the newest <paramref name="limit"/> orders in
    /// <paramref name="status"/> (by capture time), each with at most <paramref name="linesPerOrder"/>
    /// lines (with <paramref name="shortLinesOnly"/>, only lines not reserved in full) and whether
    /// it has more. Two statements, none per order, each reading no more than it returns.
    /// </summary>
    Task<IReadOnlyList<OrderExcerpt>> ListNewestAsync(OrderStatus status, int limit, int linesPerOrder, bool shortLinesOnly, CancellationToken cancellationToken);

    /// <summary>Orders in one status; costs as much as that status holds (for the queue, not for finished orders).</summary>
    Task<long> CountAsync(OrderStatus status, CancellationToken cancellationToken);

    /// <summary>Holds and pending reports as the consistency check sees them.</summary>
    Task<ConsistencyFacts> GetConsistencyFactsAsync(CancellationToken cancellationToken);
}

/// <summary>The one clock whatever several instances compare is stamped from.</summary>
public interface IStoreClock
{
    /// <summary>
    /// The store's clock: the database server's on PostgreSQL, the process's on SQLite. Whatever is
    /// compared across instances is stamped from it — a poll's <c>fetched_at</c> and a reservation's
    /// <c>replaced_at</c> (invariant 3) — so one instance's skewed clock cannot retire another's hold early.
    /// </summary>
    Task<DateTimeOffset> NowAsync(CancellationToken cancellationToken);
}

/// <summary>The availability cache: generations staged and published, deltas applied, the figures capture reads.</summary>
public interface IAvailabilityCacheStore
{
    Task<AvailabilityView?> GetAvailabilityAsync(string inventoryListId, string sku, CancellationToken cancellationToken);

    Task<IReadOnlyList<ListSyncState>> GetSyncStatesAsync(CancellationToken cancellationToken);

    /// <summary>A generation number no list uses yet, for a rebuild to stage into.</summary>
    Task<long> NextGenerationAsync(CancellationToken cancellationToken);

    /// <summary>Writes export records into a generation that readers do not see until it is published.</summary>
    Task StageAvailabilityAsync(long generation, IReadOnlyList<AvailabilityRecord> records, CancellationToken cancellationToken);

    /// <summary>Makes a staged generation current for the lists, with its delta token, and drops older generations.</summary>
    Task PublishGenerationAsync(IReadOnlyList<PlaceRef> lists, long generation, string deltaToken, DateTimeOffset fetchedAt, CancellationToken cancellationToken);

    /// <summary>
    /// Applies a page of deltas to the current generation of the lists it names, and learns from
    /// each record the other channels' pace (<see cref="Inventory.Pace.PaceInput"/>) in the same commit.
    /// </summary>
    Task ApplyDeltasAsync(IReadOnlyList<DeltaRecord> records, Inventory.Pace.PaceObservation observation, CancellationToken cancellationToken);

    /// <summary>
    /// The (list, SKU)s the other channels take fastest by their pace as last observed, fastest first
    /// (the status page's headroom table). Only SKUs with some consumption seen.
    /// </summary>
    Task<IReadOnlyList<(string ListId, string Sku)>> ListBusiestSkusAsync(int max, CancellationToken cancellationToken);

    /// <summary>Records the token a delta poll ended on and when that poll started.</summary>
    Task SetDeltaTokenAsync(IReadOnlyList<PlaceRef> lists, string deltaToken, DateTimeOffset fetchedAt, CancellationToken cancellationToken);

    /// <summary>The location graph last read from OCI, or null when none was ever kept.</summary>
    Task<Places.LocationGraph?> GetLocationGraphAsync(CancellationToken cancellationToken);

    /// <summary>Keeps <paramref name="graph"/> unless the store already has one read later (another instance's).</summary>
    Task SaveLocationGraphAsync(Places.LocationGraph graph, CancellationToken cancellationToken);
}

/// <summary>The outbox: work files, OCI cancels and pushes written with the state change that needs them, delivered after.</summary>
public interface IOutboxStore
{
    /// <summary>Up to <paramref name="max"/> messages of one lane due at <paramref name="now"/>, oldest first.</summary>
    Task<IReadOnlyList<OutboxItem>> DueOutboxAsync(OutboxLane lane, DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>Marks delivered messages done, in one commit.</summary>
    Task CompleteOutboxAsync(IReadOnlyCollection<long> ids, DateTimeOffset doneAt, CancellationToken cancellationToken);

    Task RetryOutboxAsync(long id, DateTimeOffset nextAttemptAt, string lastError, CancellationToken cancellationToken);

    Task<long> PendingOutboxCountAsync(CancellationToken cancellationToken);

    /// <summary>Undelivered messages per kind, with the creation time of the oldest (health and metrics).</summary>
    Task<IReadOnlyList<OutboxBacklog>> OutboxBacklogAsync(CancellationToken cancellationToken);
}

/// <summary>The alert feed.</summary>
public interface IAlertStore
{
    /// <summary>Stores an alert; with <paramref name="push"/>, its webhook message goes into the outbox in the same commit.</summary>
    Task<Alert> AddAlertAsync(NewAlert alert, bool push, CancellationToken cancellationToken);

    Task<IReadOnlyList<Alert>> ListAlertsAsync(DateTimeOffset? since, int limit, CancellationToken cancellationToken);

    Task<bool> AckAlertAsync(long id, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Alerts about one order, oldest first: its history as operators saw it (cancel, review, resolve).</summary>
    Task<IReadOnlyList<Alert>> ListOrderAlertsAsync(string site, string orderNo, CancellationToken cancellationToken);
}

/// <summary>OCI's connectivity transitions, so a restart resumes the state it left.</summary>
public interface IConnectivityLog
{
    Task RecordTransitionAsync(ConnectivityTransition transition, CancellationToken cancellationToken);

    Task<ConnectivityTransition?> LastTransitionAsync(CancellationToken cancellationToken);
}

/// <summary>The status page's day: one row per minute of activity.</summary>
public interface IActivityLog
{
    /// <summary>Adds a minute's counts to its row (instances add up; depth and state: the worst of the minute), and drops rows before <paramref name="pruneBefore"/>.</summary>
    Task RecordActivityAsync(Telemetry.ActivityMinute minute, DateTimeOffset pruneBefore, CancellationToken cancellationToken);

    /// <summary>The minutes since <paramref name="since"/> that have a row, oldest first.</summary>
    Task<IReadOnlyList<Telemetry.ActivityMinute>> ListActivityAsync(DateTimeOffset since, CancellationToken cancellationToken);
}

/// <summary>Cancelling orders (invariant 10): one transaction per cancel, forward only.</summary>
public interface ICancellationStore
{
    /// <summary>
    /// In one transaction: the order becomes Cancelled with its reason, its holds are released, and
    /// when it may have a document at OCI (<see cref="Orders.CancelRules.MayHaveDocument"/>) the
    /// cancel of that document is queued in the outbox — twice when an attempt is in flight: now, and
    /// when the attempt's lease ends, in case its PUT lands after the first cancel. Idempotent.
    /// </summary>
    Task<CancelDecision> CancelAsync(CancelRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// For an attempt that reached OCI but lost its order to a cancel: queues one more cancel of
    /// the document, when (and only when) the order is Cancelled. True when queued.
    /// </summary>
    Task<bool> QueueOciCancelIfCancelledAsync(string site, string orderNo, CancellationToken cancellationToken);
}

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
