using Microsoft.Extensions.Options;
using OrderCapture.Core.Alerts;
using OrderCapture.Core.Capture;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Storage;

namespace OrderCapture.Core.Reconciliation;

/// <summary>
/// An operator's decision on a NeedsReview order (DESIGN.md "resolve"), forward only, with a note:
/// <b>CompletelyReserved</b> (OCI does hold it: the hold gives way to OCI's data, a reserved_ report),
/// <b>NothingReserved</b> (it is oversold: the hold is released the same way, an oversold_ report), or
/// <b>Cancelled</b> (as a cancel: the hold released at once, the document under its id cancelled at OCI).
/// Each raises an alert that says who decided what.
/// </summary>
public sealed class ReviewResolutionService(
    ICancellationStore cancellations, IOrderQueries orders,
    ReconciliationService reconciliation,
    AlertPublisher alerts,
    IOptions<CaptureOptions> capture,
    TimeProvider timeProvider)
{
    public static readonly IReadOnlyList<OrderStatus> Outcomes = [OrderStatus.CompletelyReserved, OrderStatus.NothingReserved, OrderStatus.Cancelled];

    public async Task<OrderActionResult> ResolveAsync(string site, string orderNo, string? outcome, string? note, CancellationToken cancellationToken)
    {
        if (!Names.IsValidSite(site) || !Names.IsValidOrderNo(orderNo))
        {
            return new OrderActionResult.Invalid("invalid_name", $"site and orderNo must be {Names.NameRule}");
        }

        if (!Enum.TryParse<OrderStatus>(outcome, ignoreCase: true, out var decided) || !Outcomes.Contains(decided))
        {
            return new OrderActionResult.Invalid("invalid_outcome", $"outcome must be one of {string.Join(", ", Outcomes)}");
        }

        if (note is { Length: > CancelRules.MaxNoteLength })
        {
            return new OrderActionResult.Invalid("invalid_note", $"note must be at most {CancelRules.MaxNoteLength} characters");
        }

        note = FreeText.Clean(note);
        if (await orders.GetOrderAsync(site, orderNo, cancellationToken).ConfigureAwait(false) is not { } order)
        {
            return new OrderActionResult.NotFound();
        }

        if (order.Status != OrderStatus.NeedsReview)
        {
            return new OrderActionResult.Refused(order, $"the order is {order.Status}; only a NeedsReview order is resolved");
        }

        // Once begun, the decision is the service's: a caller that gives up does not leave it half-written.
        var done = decided == OrderStatus.Cancelled
            ? await cancellations.CancelAsync(new CancelRequest(site, orderNo, "operator", note ?? "resolved as cancelled", timeProvider.GetUtcNow(),
                OnlyFrom: OrderStatus.NeedsReview, OnlineAttemptLease: capture.Value.AttemptLease), CancellationToken.None).ConfigureAwait(false) is CancelDecision.Cancelled { Already: false }
            : await reconciliation.CompleteAsync(order, decided,
                [.. order.Lines.Select(l => (decimal?)(decided == OrderStatus.CompletelyReserved ? l.Quantity : 0m))], holdsReplaced: true,
                CancellationToken.None, from: OrderStatus.NeedsReview).ConfigureAwait(false);
        var now = await orders.GetOrderAsync(site, orderNo, CancellationToken.None).ConfigureAwait(false) ?? order;
        if (!done)
        {
            return new OrderActionResult.Refused(now, $"the order left NeedsReview meanwhile (now {now.Status})");
        }

        await alerts.RaiseAsync(AlertSeverity.Info, AlertKinds.NeedsReviewResolved,
            $"Order resolved by an operator as {decided}{(note is null ? "" : $": {note}")}", site, orderNo, CancellationToken.None).ConfigureAwait(false);
        return new OrderActionResult.Done(now);
    }
}
