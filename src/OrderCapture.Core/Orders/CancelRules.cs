namespace OrderCapture.Core.Orders;

/// <summary>
/// What a cancel may do to an order, written once for both stores (invariant 10): which states
/// can be cancelled, and whether the order may have a reservation document at OCI to cancel.
/// </summary>
public static class CancelRules
{
    /// <summary>The reasons a caller may give; <see cref="NotAccepted"/> is the service's own.</summary>
    public static readonly IReadOnlySet<string> CallerReasons = new HashSet<string>(StringComparer.Ordinal)
    {
        "payment_declined", "customer", "operator", "abandoned",
    };

    /// <summary>
    /// An online attempt ran out of its budget and the cache could not accept the order either: the
    /// storefront was told "not accepted", and the order number stays taken so a late PUT at OCI is
    /// cancelled and never mistaken for a new order's.
    /// </summary>
    public const string NotAccepted = "not_accepted";

    /// <summary>Longest note kept with a cancel.</summary>
    public const int MaxNoteLength = 500;

    /// <summary>Every state but NeedsReview (a person decides that one) and Cancelled (nothing left to do).</summary>
    public static bool IsCancellable(OrderStatus status) => status is not (OrderStatus.NeedsReview or OrderStatus.Cancelled);

    /// <summary>
    /// Whether a cancel applies to an order in <paramref name="status"/>: a cancellable state, or — when the
    /// caller names the one state it expects (<paramref name="onlyFrom"/>, e.g. an operator resolving a
    /// NeedsReview order as cancelled) — exactly that state.
    /// </summary>
    public static bool Applies(OrderStatus status, OrderStatus? onlyFrom) =>
        onlyFrom is { } only ? status == only && status != OrderStatus.Cancelled : IsCancellable(status);

    /// <summary>Why a state cannot be cancelled, for the 409 answer.</summary>
    public static string WhyNot(OrderStatus status) => status switch
    {
        OrderStatus.NeedsReview => "the order needs review: an operator resolves it (resolve with outcome cancelled)",
        _ => $"the order is {status}",
    };

    /// <summary>
    /// Whether OCI may hold a document for the order. An offline order nobody has tried to reserve
    /// has none; one whose reservation was tried — online, or by a reconciliation run that ever
    /// claimed it (<paramref name="everClaimed"/>: a run stopped by an outage or a crash may have
    /// sent its PUT without recording an attempt) — may, and a cancel that finds none settles as done.
    /// NothingReserved holds nothing at OCI whether its document exists or not.
    /// </summary>
    public static bool MayHaveDocument(Order order, bool everClaimed) => order.Status switch
    {
        // NeedsReview: OCI answered about a document under this order's id whose quantities we do not know.
        OrderStatus.Reserving or OrderStatus.Reserved or OrderStatus.CompletelyReserved or OrderStatus.PartiallyReserved or OrderStatus.NeedsReview => true,
        OrderStatus.ReservationMissing => order.Path == CapturePath.Online || order.Attempts > 0 || everClaimed,
        _ => false,
    };
}

/// <summary>What a cancel writes besides the state: the OCI cancel's state and when each queued cancel is due.</summary>
public sealed record CancelPlan(OciCancelState OciCancel, IReadOnlyList<DateTimeOffset> OciCancelsDueAt)
{
    /// <summary>
    /// <paramref name="leaseUntil"/> is the lease of an attempt on the order (online, or a
    /// reconciliation claim), if any. A PUT given up on may still land up to
    /// <paramref name="attemptLease"/> later: servers finish requests their client abandoned. So
    /// an online order's PUT, given up on at the budget, may land until that long after its capture,
    /// and a claimed order's, sent before its claim ends and given up on at the latest then (or when
    /// its instance died), until that long after the claim's end: the cancel cleared the claim, so the
    /// run that finds its PUT unanswered no longer extends it. While a PUT may land after a cancel sent
    /// now, a second cancel is due when the last one can no longer land.
    /// <paramref name="everClaimed"/>: a reconciliation run has claimed the order at some point.
    /// </summary>
    public static CancelPlan For(Order order, DateTimeOffset? leaseUntil, bool everClaimed, TimeSpan attemptLease, DateTimeOffset now)
    {
        DateTimeOffset? onlineAttemptEnds = order.Path == CapturePath.Online ? order.CapturedAt + attemptLease : null;
        DateTimeOffset? claimedPutLands = everClaimed ? leaseUntil + attemptLease : null;
        var lastLanding = new[] { leaseUntil, onlineAttemptEnds, claimedPutLands }.Max();
        var inFlight = lastLanding > now;
        if (!CancelRules.MayHaveDocument(order, everClaimed || inFlight))
        {
            return new CancelPlan(OciCancelState.NotNeeded, []);
        }

        return new CancelPlan(OciCancelState.Pending, inFlight ? [now, lastLanding!.Value] : [now]);
    }
}
