using Microsoft.Extensions.Options;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Storage;

namespace OrderCapture.Core.Capture;

/// <summary>
/// Cancels an order for a storefront (payment declined, shopper gone), the customer or an
/// operator (invariant 10). The state change and the release of its holds are one transaction;
/// its document at OCI, if it may have one, is cancelled through the outbox until OCI confirms.
/// The answer waits up to one online budget for that confirmation, so it usually says "done".
/// </summary>
public sealed class OrderCancellationService(ICancellationStore cancellations, IOrderQueries orders, Sites.SiteCatalog sites, IOptions<CaptureOptions> options, TimeProvider timeProvider)
{
    public async Task<OrderActionResult> CancelAsync(string site, string orderNo, string? reason, string? note, bool waitForOci, CancellationToken cancellationToken)
    {
        if (!Names.IsValidSite(site) || !Names.IsValidOrderNo(orderNo))
        {
            return new OrderActionResult.Invalid("invalid_name", $"site and orderNo must be {Names.NameRule}");
        }

        if (reason is null || !CancelRules.CallerReasons.Contains(reason))
        {
            return new OrderActionResult.Invalid("invalid_reason", $"reason must be one of {string.Join(", ", CancelRules.CallerReasons.Order(StringComparer.Ordinal))}");
        }

        if (note is { Length: > CancelRules.MaxNoteLength })
        {
            return new OrderActionResult.Invalid("invalid_note", $"note must be at most {CancelRules.MaxNoteLength} characters");
        }

        note = FreeText.Clean(note);

        // Like a capture, a cancel once begun is the service's: a caller that gives up does not leave it half-done.
        // A number of a configured site with no order yet stays blocked: the request the storefront gave up on
        // may still be on its way, and must not be taken after the storefront was told it is cancelled.
        var request = new CancelRequest(site, orderNo, reason, note, timeProvider.GetUtcNow(),
            BlockUnknownNumber: sites.Find(site) is not null, OnlineAttemptLease: options.Value.AttemptLease);
        var decision = await cancellations.CancelAsync(request, CancellationToken.None).ConfigureAwait(false);
        switch (decision)
        {
            case CancelDecision.NotFound:
                return new OrderActionResult.NotFound();
            case CancelDecision.NotCancellable { Order: var order }:
                return new OrderActionResult.Refused(order, CancelRules.WhyNot(order.Status));
            case CancelDecision.Cancelled { Order: var order }:
                return new OrderActionResult.Done(waitForOci ? await WaitForOciAsync(order, cancellationToken).ConfigureAwait(false) : order);
            default:
                throw new InvalidOperationException($"Unexpected decision {decision}");
        }
    }

    /// <summary>The outbox delivers the OCI cancel at once when OCI answers; wait up to one budget to say "done" rather than "pending".</summary>
    private async Task<Order> WaitForOciAsync(Order order, CancellationToken cancellationToken)
    {
        return await OrderPolling.UntilSettledAsync(order, ct => orders.GetOrderAsync(order.Site, order.OrderNo, ct),
            o => o.Cancellation?.OciCancel == OciCancelState.Pending, options.Value.OnlineBudget, timeProvider, cancellationToken).ConfigureAwait(false) ?? order;
    }
}
