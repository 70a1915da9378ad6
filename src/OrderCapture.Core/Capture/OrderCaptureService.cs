using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderCapture.Core.Alerts;
using OrderCapture.Core.Connectivity;
using OrderCapture.Core.Hosting;
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
/// all-or-nothing within <see cref="CaptureOptions.OnlineBudget"/>; OCI offline, failing, or too
/// slow → Reservation Missing with its offline file (invariant 9).
/// </summary>
/// <remarks>
/// No method here takes the caller's cancellation token. Once an order is accepted the service
/// owns its attempt: a storefront that times out or disconnects changes nothing, the attempt ends
/// on the service's own deadline, and a retry with the same order number gets the definite answer.
/// </remarks>
public sealed partial class OrderCaptureService(
    OrderValidator validator,
    Places.LocationGraphSource places,
    IAvailabilityCacheStore cacheStore, ICancellationStore cancellations, IOrderIntake intake, IOrderQueries ordersStore, IStoreClock storeClock,
    IOciClient oci,
    OciConnectivity connectivity,
    WorkFiles workFiles,
    AlertPublisher alerts,
    WorkerInstance instance,
    Telemetry.OrderCaptureMetrics metrics,
    IOptions<CaptureOptions> options,
    TimeProvider timeProvider,
    ILogger<OrderCaptureService> logger)
{
    private TimeSpan Budget => options.Value.OnlineBudget;

    public async Task<CaptureResult> CaptureAsync(OrderSubmission submission)
    {
        var started = timeProvider.GetTimestamp();
        var path = connectivity.State == ConnectivityState.Offline ? "offline" : "online";
        using var activity = Telemetry.OrderCaptureMetrics.ActivitySource.StartActivity("capture order");
        var result = await CaptureCoreAsync(submission).ConfigureAwait(false);
        var elapsed = timeProvider.GetElapsedTime(started);
        var outcome = Outcome(result);
        metrics.Captured(path, outcome, elapsed);
        if (submission is { Site: { } site, OrderNo: { } orderNo } && Names.IsValidSite(site) && Names.IsValidOrderNo(orderNo))
        {
            // The audit line: what a storefront was told, and how fast. Names are validated before they reach a log.
            activity?.SetTag("ordercapture.site", site).SetTag("ordercapture.order_no", orderNo).SetTag("ordercapture.outcome", outcome);
            LogCaptured(logger, site, orderNo, path, outcome, elapsed.TotalMilliseconds);
        }

        return result;
    }

    private static string Outcome(CaptureResult result) => result switch
    {
        CaptureResult.Accepted { Order.Status: OrderStatus.Reserved } => "reserved",
        CaptureResult.Accepted { Order.Status: OrderStatus.ReservationMissing or OrderStatus.Reserving } => "reservation_missing",
        CaptureResult.Accepted => "accepted_before",
        CaptureResult.Insufficient => "insufficient",
        CaptureResult.Invalid => "invalid",
        CaptureResult.Cancelled => "cancelled",
        _ => "busy",
    };

    private async Task<CaptureResult> CaptureCoreAsync(OrderSubmission submission)
    {
        // The store keeps capture times to the millisecond, and the online request carries the
        // capture time: truncated here, so a request rebuilt from the stored order after a crash is
        // the same body as the one OCI saw.
        var now = timeProvider.GetUtcNow();
        var scope = await places.GetAsync(CancellationToken.None).ConfigureAwait(false);
        var (order, errors) = validator.Validate(submission, now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond)), scope, out var errorCode);
        if (order is null)
        {
            return new CaptureResult.Invalid(errorCode, errors);
        }

        // Duplicates are answered by TryAcceptAsync inside its transaction; no separate read first.
        var plan = scope.Plan(order);
        return connectivity.State == ConnectivityState.Offline
            ? await CaptureOfflineAsync(order, plan).ConfigureAwait(false)
            : await CaptureOnlineAsync(order with { Status = OrderStatus.Reserving, Path = CapturePath.Online }, plan).ConfigureAwait(false);
    }

    private async Task<CaptureResult> CaptureOfflineAsync(Order order, Places.HoldPlan plan)
    {
        var decision = await intake.TryAcceptAsync(order, plan, workFiles.Offline(order), attempt: null, options.Value.OfflineHeadroom, CancellationToken.None).ConfigureAwait(false);
        return await MapAsync(decision).ConfigureAwait(false);
    }

    private async Task<CaptureResult> CaptureOnlineAsync(Order order, Places.HoldPlan plan)
    {
        // Its own owner name: a reconciliation run of this instance releases its claims by owner, and must not release this lease.
        var lease = new AttemptLease($"{instance.Id}/online", timeProvider.GetUtcNow() + options.Value.AttemptLease);
        var held = await intake.TryAcceptAsync(order, plan, offlineReport: null, lease, headroom: null, CancellationToken.None).ConfigureAwait(false);
        if (held is not AcceptDecision.Accepted)
        {
            return await MapAsync(held).ConfigureAwait(false);
        }

        // The budget covers the whole attempt: token, PUT, the pipeline's retries, and the cancel of a refusal.
        using var budget = new CancellationTokenSource(Budget, timeProvider);
        OciResult<ReservationResponse> result;
        try
        {
            result = await oci.CreateReservationAsync(order.ReservationId, OciReservations.AllOrNothing(order), budget.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            // No answer in time is a timeout, and a timeout is an outage (OCI-CONTRACT.md). A PUT that
            // lands after all is found by reconciliation under the same id (read back from the reservations export).
            LogBudgetSpent(logger, order.Site, order.OrderNo, Budget.TotalMilliseconds);
            await connectivity.ReportOutageAsync($"no answer within the online budget of {Budget.TotalMilliseconds:0} ms", CancellationToken.None).ConfigureAwait(false);
            return await FinishOfflineAsync(order, CancellationToken.None).ConfigureAwait(false);
        }

        switch (result)
        {
            case OciResult<ReservationResponse>.Success { Value.Success: true }:
                // Confirmed at the store's clock, the one fetched_at comes from (invariant 3 across instances).
                return await intake.CompleteOnlineAsync(order.Site, order.OrderNo, await storeClock.NowAsync(CancellationToken.None).ConfigureAwait(false), CancellationToken.None).ConfigureAwait(false)
                    ? new CaptureResult.Accepted(order with { Status = OrderStatus.Reserved }, Created: true)
                    : await AfterLostRaceAsync(order).ConfigureAwait(false);

            case OciResult<ReservationResponse>.Success { Value: var refused }:
                await ReleaseRefusedAsync(order, budget.Token).ConfigureAwait(false);
                return OciReservations.ShortLines(order, refused) is { Count: > 0 } lines
                    ? new CaptureResult.Insufficient(lines)
                    : new CaptureResult.Invalid("unknown_sku", ["OCI does not know a SKU of this order at its inventory list"]);

            case OciResult<ReservationResponse>.Rejected { StatusCode: 409, ErrorCode: "EntityExists" }:
                // A document under this order's id exists (a retry of this attempt whose first try
                // landed): OCI promises no replay of it. The order is taken offline, and reconciliation
                // reads the document from the reservations export (ReservationLookup).
                return await FinishOfflineAsync(order, CancellationToken.None).ConfigureAwait(false);

            case OciResult<ReservationResponse>.Rejected rejected:
                await intake.DiscardReservingAsync(order.Site, order.OrderNo, cancelAtOci: null, CancellationToken.None).ConfigureAwait(false);
                await alerts.RaiseAsync(AlertSeverity.Warning, AlertKinds.OciRejected,
                    $"OCI refused the reservation of an order: {rejected.StatusCode} {rejected.ErrorCode}", order.Site, order.OrderNo, CancellationToken.None).ConfigureAwait(false);
                return new CaptureResult.Invalid("reservation_rejected", [$"OCI answered {rejected.StatusCode} {rejected.ErrorCode}: {rejected.Message}"]);

            case OciResult<ReservationResponse>.Outage { Reason: var reason }:
                await connectivity.ReportOutageAsync(reason, CancellationToken.None).ConfigureAwait(false);
                goto default;

            default:
                // Outage or a rate limit that outlasted the retries: keep selling; reconciliation reserves it later.
                return await FinishOfflineAsync(order, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Ends an attempt on the offline path: the order joins the Reservation Missing queue when the
    /// cache knows every line (its holds were taken against the cache when it was accepted), else it
    /// is not accepted — cancelled, with its possible document cancelled at OCI. Used when the budget
    /// runs out, when OCI fails mid-attempt, and by the sweep for attempts whose instance died.
    /// </summary>
    public async Task<CaptureResult> FinishOfflineAsync(Order order, CancellationToken cancellationToken)
    {
        var unknown = new List<ShortLine>();
        foreach (var need in order.Lines.GroupBy(l => (l.InventoryListId, l.Sku)))
        {
            if (await cacheStore.GetAvailabilityAsync(need.Key.InventoryListId, need.Key.Sku, cancellationToken).ConfigureAwait(false) is null)
            {
                unknown.Add(new ShortLine(need.Key.Sku, need.Key.InventoryListId, need.Sum(l => l.Quantity), 0, Unknown: false));
            }
        }

        if (unknown.Count > 0)
        {
            var refusal = new CancelRequest(order.Site, order.OrderNo, CancelRules.NotAccepted,
                "OCI gave no answer in time and the cache does not know every line", timeProvider.GetUtcNow(), OnlyFrom: OrderStatus.Reserving,
                OnlineAttemptLease: options.Value.AttemptLease);
            return await cancellations.CancelAsync(refusal, cancellationToken).ConfigureAwait(false) is CancelDecision.Cancelled { Already: false }
                ? new CaptureResult.Insufficient(unknown)
                : await AnswerCurrentAsync(order, created: true, cancellationToken).ConfigureAwait(false);
        }

        var missing = order with { Status = OrderStatus.ReservationMissing };
        return await intake.FallBackOfflineAsync(order.Site, order.OrderNo, workFiles.Offline(missing), cancellationToken).ConfigureAwait(false)
            ? new CaptureResult.Accepted(missing, Created: true)
            : await AnswerCurrentAsync(order, created: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>OCI reserved the order, but it had left Reserving meanwhile: a cancel took it, so that document must go too.</summary>
    private async Task<CaptureResult> AfterLostRaceAsync(Order order)
    {
        await cancellations.QueueOciCancelIfCancelledAsync(order.Site, order.OrderNo, CancellationToken.None).ConfigureAwait(false);
        return await AnswerCurrentAsync(order, created: true, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// An all-or-nothing reservation that came back short may still hold the lines that fit
    /// ([our choice]: a short line fails whole, others are reserved); cancel it before forgetting the
    /// order. When OCI does not answer the cancel within what is left of the budget, the cancel is
    /// queued in the outbox with the discard and retried until OCI confirms: the stock must not stay
    /// held for an order that does not exist.
    /// </summary>
    private async Task ReleaseRefusedAsync(Order order, CancellationToken budget)
    {
        var settled = false;
        try
        {
            settled = OciCancels.IsSettled(await oci.CancelReservationAsync(order.ReservationId, budget).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            LogCancelOutranBudget(logger, order.Site, order.OrderNo);
        }

        await intake.DiscardReservingAsync(order.Site, order.OrderNo, settled ? null : OutboxMessage.CancelAtOci(order.Site, order.OrderNo), CancellationToken.None).ConfigureAwait(false);
    }

    private async Task<CaptureResult> MapAsync(AcceptDecision decision) => decision switch
    {
        AcceptDecision.Accepted { Order: var o } => new CaptureResult.Accepted(o, Created: true),
        AcceptDecision.Duplicate { Existing: var e } => await AnswerDuplicateAsync(e).ConfigureAwait(false),
        AcceptDecision.Insufficient { Lines: var lines } when lines.Any(l => l.Unknown) =>
            new CaptureResult.Invalid("unknown_sku", [.. lines.Where(l => l.Unknown).Select(l => $"SKU '{l.Sku}' is not known at inventory list '{l.InventoryListId}'")]),
        AcceptDecision.Insufficient { Lines: var lines } => new CaptureResult.Insufficient(lines),
        _ => throw new InvalidOperationException($"Unexpected decision {decision}"),
    };

    /// <summary>
    /// A retry of an order already taken. While the first request's attempt is in flight the answer
    /// waits for it, at most one budget (the attempt itself never outlasts one); then it is the
    /// definite answer, or 503 "retry" when the owning instance has not settled it yet.
    /// </summary>
    private async Task<CaptureResult> AnswerDuplicateAsync(Order existing)
    {
        if (await OrderPolling.UntilSettledAsync(existing, ct => ordersStore.GetOrderAsync(existing.Site, existing.OrderNo, ct),
                o => o.Status == OrderStatus.Reserving, Budget, timeProvider, CancellationToken.None).ConfigureAwait(false) is not { } current)
        {
            return new CaptureResult.Busy("the first request for this order was refused; submit it again");
        }

        existing = current;

        if (existing.Status == OrderStatus.Reserving)
        {
            LogStillReserving(logger, existing.Site, existing.OrderNo);
            return new CaptureResult.Busy("this order is being reserved by another request");
        }

        return Answer(existing, created: false);
    }

    private async Task<CaptureResult> AnswerCurrentAsync(Order order, bool created, CancellationToken cancellationToken) =>
        await ordersStore.GetOrderAsync(order.Site, order.OrderNo, cancellationToken).ConfigureAwait(false) is { } current
            ? Answer(current, created)
            : new CaptureResult.Busy("the first request for this order was refused; submit it again");

    private static CaptureResult Answer(Order order, bool created) => order.Status switch
    {
        OrderStatus.Cancelled => new CaptureResult.Cancelled(order),
        OrderStatus.Reserving => new CaptureResult.Busy("this order is being reserved by another request"),
        _ => new CaptureResult.Accepted(order, created),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {Site}/{OrderNo} captured: {Path} path, {Outcome} in {ElapsedMs:0.0} ms")]
    private static partial void LogCaptured(ILogger logger, string site, string orderNo, string path, string outcome, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {Site}/{OrderNo} is still being reserved by another request")]
    private static partial void LogStillReserving(ILogger logger, string site, string orderNo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {Site}/{OrderNo}: OCI gave no answer within the online budget of {BudgetMs} ms; answered from the cache")]
    private static partial void LogBudgetSpent(ILogger logger, string site, string orderNo, double budgetMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {Site}/{OrderNo}: the cancel of a refused reservation outran the budget; queued")]
    private static partial void LogCancelOutranBudget(ILogger logger, string site, string orderNo);
}
