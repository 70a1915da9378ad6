using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;

namespace OrderCapture.Core.Storage;

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

/// <summary>
/// A request to cancel an order; <paramref name="Reason"/> is one of <see cref="Orders.CancelRules.CallerReasons"/>
/// or the service's own. With <paramref name="OnlyFrom"/>, an order in any other state is left as it is (NotCancellable).
/// With <paramref name="BlockUnknownNumber"/>, a number with no order yet is kept as Cancelled (no lines), so a
/// request the storefront gave up on that arrives after the cancel is refused instead of taken.
/// <paramref name="OnlineAttemptLease"/> (<see cref="Capture.CaptureOptions.AttemptLease"/>): how long after
/// capture an online attempt's PUT, given up on, may still land at OCI.
/// </summary>
public sealed record CancelRequest(string Site, string OrderNo, string Reason, string? Note, DateTimeOffset At,
    OrderStatus? OnlyFrom = null, bool BlockUnknownNumber = false, TimeSpan OnlineAttemptLease = default);

/// <summary>What <see cref="ICancellationStore.CancelAsync"/> decided.</summary>
public abstract record CancelDecision
{
    private CancelDecision()
    {
    }

    public sealed record NotFound : CancelDecision;

    /// <summary>The order is past the point where cancel applies (see <see cref="Orders.CancelRules.WhyNot"/>).</summary>
    public sealed record NotCancellable(Order Order) : CancelDecision;

    /// <summary>Cancelled now, or (<paramref name="Already"/>) by an earlier call: the same answer.</summary>
    public sealed record Cancelled(Order Order, bool Already) : CancelDecision;
}

/// <summary>A line that does not fit: what was asked and what the effective ATO allows.</summary>
public sealed record ShortLine(string Sku, string InventoryListId, decimal Requested, decimal Available, bool Unknown);

/// <summary>Cached availability of a SKU: OCI's ATO, what open holds keep back, and what is left.</summary>
/// <remarks><paramref name="Pace"/>: how fast the other channels take it, null until a delta poll has seen it.</remarks>
public sealed record AvailabilityView(string InventoryListId, string Sku, decimal Ato, decimal Held, DateTimeOffset? AsOf, Inventory.Pace.PaceState? Pace = null)
{
    public decimal EffectiveAto => Math.Max(0, Ato - Held);
}

public sealed record ListSyncState(string InventoryListId, PlaceType PlaceType, long Generation, string? DeltaToken, DateTimeOffset? FetchedAt);

/// <summary>A message to send after the transaction that produced it: a work file or an OMS push.</summary>
public sealed record OutboxMessage(string Kind, string Site, string OrderNo, string Target, string Payload)
{
    public const string WorkFile = "work_file";
    public const string OrderManagementPush = "oms_push";

    /// <summary>Cancel the reservation document <see cref="Target"/> at OCI (a refused online attempt's leftovers, a cancelled order).</summary>
    public const string OciCancel = "oci_cancel";

    /// <summary>
    /// A cancel of the order's document. <paramref name="safetyNet"/> marks the one due when an
    /// in-flight attempt's lease ends: it covers an attempt that died after its PUT landed, and the
    /// order's OCI cancel counts as done without waiting for it.
    /// </summary>
    public static OutboxMessage CancelAtOci(string site, string orderNo, bool safetyNet = false) =>
        new(OciCancel, site, orderNo, ReservationIds.For(site, orderNo), Payload: safetyNet ? SafetyNetPayload : "");

    /// <summary>Payload of a safety-net cancel (see <see cref="CancelAtOci"/>).</summary>
    public const string SafetyNetPayload = "after-lease";
}

public sealed record OutboxItem(long Id, OutboxMessage Message, int Attempts, DateTimeOffset CreatedAt);

/// <summary>What waits in the outbox for one kind of message.</summary>
public sealed record OutboxBacklog(string Kind, long Count, DateTimeOffset OldestCreatedAt);

public enum AlertSeverity
{
    Info,
    Warning,
    Critical,
}

public sealed record NewAlert(DateTimeOffset At, AlertSeverity Severity, string Kind, string Message, string? Site = null, string? OrderNo = null);

public sealed record Alert(long Id, DateTimeOffset At, AlertSeverity Severity, string Kind, string Message, string? Site, string? OrderNo, DateTimeOffset? AckedAt);

public enum ConnectivityState
{
    Online,
    Offline,
    Recovering,
}

public sealed record ConnectivityTransition(DateTimeOffset At, ConnectivityState From, ConnectivityState To, string Reason);

/// <summary>What the consistency check needs from the store, read in one go.</summary>
public sealed record ConsistencyFacts(
    IReadOnlySet<(string Site, string OrderNo)> QueuedWithOpenHold,
    IReadOnlyList<(string Site, string OrderNo)> HoldsWithoutOrder,
    IReadOnlySet<(Reports.ReportKind Kind, string Site, string OrderNo)> PendingReports);

/// <summary>An order with some of its lines (<see cref="IOrderQueries.ListNewestAsync"/>), and whether it has more such lines.</summary>
public sealed record OrderExcerpt(Orders.Order Order, bool MoreLines);
