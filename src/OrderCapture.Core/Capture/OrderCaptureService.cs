using Microsoft.Extensions.Logging;
using OrderCapture.Core.Alerts;
using OrderCapture.Core.Connectivity;
using OrderCapture.Core.Oci;
using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Reports;
using OrderCapture.Core.Storage;

namespace OrderCapture.Core.Capture;

/// <summary>
/// Takes an order. Every order first takes its holds in one atomic step against the effective
/// ATO (cached ATO − open holds), so concurrent orders cannot share the last unit and new online
/// orders cannot take stock promised to queued offline ones. Then: OCI online → reserve
/// all-or-nothing; OCI offline, or failing mid-attempt → Reservation Missing with its offline file.
/// </summary>
public sealed partial class OrderCaptureService(
    OrderValidator validator,
    IOrderStore store,
    IOciClient oci,
    OciConnectivity connectivity,
    WorkFiles workFiles,
    AlertPublisher alerts,
    TimeProvider timeProvider,
    ILogger<OrderCaptureService> logger)
{
    /// <summary>How long a duplicate waits for the first request's online attempt to settle.</summary>
    public static readonly TimeSpan DuplicateWait = TimeSpan.FromSeconds(5);

    public async Task<CaptureResult> CaptureAsync(OrderSubmission submission, CancellationToken cancellationToken)
    {
        // The store keeps capture times to the millisecond, and the online request carries the
        // capture time: truncated here, so the request rebuilt from the stored order after a crash
        // is the same body, and OCI replays it instead of answering 409 EntityExists.
        var now = timeProvider.GetUtcNow();
        var (order, errors) = validator.Validate(submission, now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond)));
        if (order is null)
        {
            return new CaptureResult.Invalid("invalid_order", errors);
        }

        // Duplicates are answered by TryAcceptAsync inside its transaction; no separate read first.
        return connectivity.State == ConnectivityState.Offline
            ? await CaptureOfflineAsync(order, cancellationToken).ConfigureAwait(false)
            : await CaptureOnlineAsync(order with { Status = OrderStatus.Reserving }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<CaptureResult> CaptureOfflineAsync(Order order, CancellationToken cancellationToken)
    {
        var decision = await store.TryAcceptAsync(order, workFiles.Offline(order), cancellationToken).ConfigureAwait(false);
        return await MapAsync(decision, cancellationToken).ConfigureAwait(false);
    }

    private async Task<CaptureResult> CaptureOnlineAsync(Order order, CancellationToken cancellationToken)
    {
        var held = await store.TryAcceptAsync(order, offlineReport: null, cancellationToken).ConfigureAwait(false);
        if (held is not AcceptDecision.Accepted)
        {
            return await MapAsync(held, cancellationToken).ConfigureAwait(false);
        }

        var result = await oci.CreateReservationAsync(order.ReservationId, OciReservations.AllOrNothing(order), cancellationToken).ConfigureAwait(false);
        switch (result)
        {
            case OciResult<ReservationResponse>.Success { Value.Success: true }:
                await store.CompleteOnlineAsync(order.Site, order.OrderNo, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                return new CaptureResult.Accepted(order with { Status = OrderStatus.Reserved }, Created: true);

            case OciResult<ReservationResponse>.Success { Value: var refused }:
                await ReleaseRefusedAsync(order, cancellationToken).ConfigureAwait(false);
                return OciReservations.ShortLines(order, refused) is { Count: > 0 } lines
                    ? new CaptureResult.Insufficient(lines)
                    : new CaptureResult.Invalid("unknown_sku", ["OCI does not know a SKU of this order at its inventory list"]);

            case OciResult<ReservationResponse>.Rejected rejected:
                await store.DiscardReservingAsync(order.Site, order.OrderNo, cancelAtOci: null, cancellationToken).ConfigureAwait(false);
                await alerts.RaiseAsync(AlertSeverity.Warning, AlertKinds.OciRejected,
                    $"OCI refused the reservation of an order: {rejected.StatusCode} {rejected.ErrorCode}", order.Site, order.OrderNo, cancellationToken).ConfigureAwait(false);
                return new CaptureResult.Invalid("reservation_rejected", [$"OCI answered {rejected.StatusCode} {rejected.ErrorCode}: {rejected.Message}"]);

            case OciResult<ReservationResponse>.Outage { Reason: var reason }:
                await connectivity.ReportOutageAsync(reason, cancellationToken).ConfigureAwait(false);
                goto default;

            default:
                // Outage or a rate limit that outlasted the retries: keep selling; reconciliation reserves it later.
                var missing = order with { Status = OrderStatus.ReservationMissing };
                await store.FallBackOfflineAsync(order.Site, order.OrderNo, workFiles.Offline(missing), cancellationToken).ConfigureAwait(false);
                return new CaptureResult.Accepted(missing, Created: true);
        }
    }

    /// <summary>
    /// An all-or-nothing reservation that came back short may still hold the lines that fit
    /// ([our choice]: a short line fails whole, others are reserved); cancel it before forgetting the
    /// order. When OCI does not answer the cancel (it went down a moment ago), the cancel is queued
    /// in the outbox with the discard and retried until OCI confirms: the stock must not stay held
    /// for an order that does not exist.
    /// </summary>
    private async Task ReleaseRefusedAsync(Order order, CancellationToken cancellationToken)
    {
        var cancelled = await oci.CancelReservationAsync(order.ReservationId, cancellationToken).ConfigureAwait(false);
        var retry = OciCancels.IsSettled(cancelled) ? null : OciCancels.Message(order);
        await store.DiscardReservingAsync(order.Site, order.OrderNo, retry, cancellationToken).ConfigureAwait(false);
    }

    private async Task<CaptureResult> MapAsync(AcceptDecision decision, CancellationToken cancellationToken) => decision switch
    {
        AcceptDecision.Accepted { Order: var o } => new CaptureResult.Accepted(o, Created: true),
        AcceptDecision.Duplicate { Existing: var e } => await AnswerDuplicateAsync(e, cancellationToken).ConfigureAwait(false),
        AcceptDecision.Insufficient { Lines: var lines } when lines.Any(l => l.Unknown) =>
            new CaptureResult.Invalid("unknown_sku", [.. lines.Where(l => l.Unknown).Select(l => $"SKU '{l.Sku}' is not known at inventory list '{l.InventoryListId}'")]),
        AcceptDecision.Insufficient { Lines: var lines } => new CaptureResult.Insufficient(lines),
        _ => throw new InvalidOperationException($"Unexpected decision {decision}"),
    };

    private async Task<CaptureResult> AnswerDuplicateAsync(Order existing, CancellationToken cancellationToken)
    {
        var deadline = timeProvider.GetUtcNow() + DuplicateWait;
        while (existing.Status == OrderStatus.Reserving && timeProvider.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), timeProvider, cancellationToken).ConfigureAwait(false);
            var current = await store.GetOrderAsync(existing.Site, existing.OrderNo, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return new CaptureResult.Busy("the first request for this order was refused; submit it again");
            }

            existing = current;
        }

        if (existing.Status == OrderStatus.Reserving)
        {
            LogStillReserving(logger, existing.Site, existing.OrderNo);
            return new CaptureResult.Busy("this order is being reserved by another request");
        }

        return new CaptureResult.Accepted(existing, Created: false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {Site}/{OrderNo} is still being reserved by another request")]
    private static partial void LogStillReserving(ILogger logger, string site, string orderNo);
}
