using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;

namespace OrderCapture.Core.Storage;

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
