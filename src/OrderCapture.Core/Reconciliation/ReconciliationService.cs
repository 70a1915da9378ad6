using Microsoft.Extensions.Options;
using OrderCapture.Core.Alerts;
using OrderCapture.Core.Capture;
using OrderCapture.Core.Connectivity;
using OrderCapture.Core.Oci;
using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.OrderManagement;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Reports;
using OrderCapture.Core.Storage;
using Polly;

namespace OrderCapture.Core.Reconciliation;

/// <summary>
/// Works through the Reservation Missing queue in batches, oldest first, reserving each order
/// at OCI under its deterministic id with partial reservations allowed and the capture time as
/// reservation time, then classifying it. An outage stops the run ("OCI remains offline"): the
/// rest stay queued for the next cycle. One run at a time in this process; claims with a lease
/// keep instances from reconciling the same order.
/// </summary>
public sealed class ReconciliationService(
    ICancellationStore cancellations, IOrderQueries ordersStore, IReconciliationStore queueStore,
    IOciClient oci,
    OciConnectivity connectivity,
    Places.LocationGraphSource places,
    ReservationLookup lookup,
    WorkFiles workFiles,
    AlertPublisher alerts,
    IOptions<ReconciliationOptions> options,
    IOptions<OrderManagementOptions> orderManagement,
    IOptions<Capture.CaptureOptions> capture,
    IOptions<OciOptions> ociOptions,
    Hosting.WorkerInstance instance,
    Telemetry.OrderCaptureMetrics metrics,
    TimeProvider timeProvider) : IDisposable
{
    private readonly SemaphoreSlim _oneRun = new(1, 1);

    /// <summary>Why the current run stopped, for its alert (one run at a time: <see cref="_oneRun"/>).</summary>
    private string? _stopReason;

    /// <summary>The last finished run, for the status endpoint and page.</summary>
    public ReconciliationRun? LastRun { get; private set; }

    /// <summary>Whether a run is in progress now.</summary>
    public bool IsRunning => _oneRun.CurrentCount == 0;

    /// <summary>Runs once; answers null when another run held the lock and <paramref name="wait"/> was false.</summary>
    public async Task<ReconciliationRun?> RunAsync(string? site, bool wait, CancellationToken cancellationToken)
    {
        if (!await _oneRun.WaitAsync(wait ? Timeout.InfiniteTimeSpan : TimeSpan.Zero, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        try
        {
            var run = await RunLockedAsync(site, cancellationToken).ConfigureAwait(false);
            if (run.Classified > 0 || run.OciOffline)
            {
                LastRun = run; // a run that found nothing to do does not hide the last one that did
            }

            return run;
        }
        finally
        {
            _oneRun.Release();
        }
    }

    private async Task<ReconciliationRun> RunLockedAsync(string? site, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetUtcNow();
        var queued = await ordersStore.CountAsync(OrderStatus.ReservationMissing, cancellationToken).ConfigureAwait(false);
        if (queued == 0)
        {
            await connectivity.ReportQueueEmptyAsync(cancellationToken).ConfigureAwait(false);
            return new ReconciliationRun(started, started, 0, 0, 0, 0, 0, OciOffline: false);
        }

        await alerts.RaiseAsync(AlertSeverity.Info, AlertKinds.ReconciliationStarted, $"Reconciliation started: {queued} order(s) Reservation Missing.", site, cancellationToken: cancellationToken).ConfigureAwait(false);
        // Claims are this run's, not the instance's: releasing them below must not touch orders an
        // earlier run of this instance gave back, or a run every few seconds kept pushing their
        // leases out and they were never claimed again (seen in the two-instance chaos run).
        var owner = $"{instance.Id}/{Guid.NewGuid():N}";
        var counts = new Dictionary<OrderStatus, int>();
        string? outage = null;
        _stopReason = null;
        try
        {
            while (outage is null)
            {
                var claimedUntil = timeProvider.GetUtcNow() + options.Value.ClaimLease;
                var scope = await places.GetAsync(cancellationToken).ConfigureAwait(false);
                var batch = await queueStore.ClaimReconciliationBatchAsync(owner, options.Value.BatchSize, timeProvider.GetUtcNow(),
                    claimedUntil, site, scope, cancellationToken).ConfigureAwait(false);
                if (batch.Count == 0)
                {
                    break;
                }

                var rateLimit = RateLimitWaitsFor<ReservationResponse>(claimedUntil); // one per batch: its orders share the claim's end

                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                using var writes = new OutcomeWrites(options.Value.MaxCommittingOutcomes, cancellationToken);
                var documentsToRead = new System.Collections.Concurrent.ConcurrentQueue<Order>();
                async Task CountAsync(Order order, Step step)
                {
                    if (step.Outcome is { } status)
                    {
                        lock (counts)
                        {
                            counts[status] = counts.GetValueOrDefault(status) + 1;
                        }
                    }
                    else if (step.DocumentExists)
                    {
                        documentsToRead.Enqueue(order);
                    }
                    else if (step.Stop)
                    {
                        outage ??= _stopReason ?? "OCI unreachable";
                        await stop.CancelAsync().ConfigureAwait(false); // the run stops; the rest stay queued
                    }
                }

                try
                {
                    // Parallel where orders have nothing in common; in capture order where they draw on the same stock.
                    await FirstComeFirstServed.RunInOrderAsync(batch, scope, options.Value.MaxParallelRequests,
                        async (order, ct) => await CountAsync(order, await ReconcileAsync(order, claimedUntil, rateLimit, writes, ct).ConfigureAwait(false)).ConfigureAwait(false),
                        stop.Token).ConfigureAwait(false);
                    await writes.DrainAsync().ConfigureAwait(false);

                    // Documents that exist already are read back together: one pair of exports for the batch.
                    // OCI settled their stock when they were made, so the order they are read in changes nothing.
                    var read = documentsToRead.Select(async order => (order, await FromExistingDocumentAsync(order, claimedUntil, stop.Token).ConfigureAwait(false))).ToList();
                    foreach (var (order, step) in await Task.WhenAll(read).ConfigureAwait(false))
                    {
                        await CountAsync(order, step).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    // Stopped by the outage above; orders in flight keep their claims until released below.
                    await writes.DrainAsync().ConfigureAwait(false);
                }
                catch
                {
                    // Outcomes already answered by OCI are written before the claims are released.
                    await WriteWhatIsAnsweredAsync(writes).ConfigureAwait(false);
                    throw;
                }
            }
        }
        finally
        {
            await queueStore.ReleaseClaimsAsync(owner, MayLandUntil, CancellationToken.None).ConfigureAwait(false);
        }

        var left = await ordersStore.CountAsync(OrderStatus.ReservationMissing, cancellationToken).ConfigureAwait(false);
        var run = new ReconciliationRun(started, timeProvider.GetUtcNow(), counts.GetValueOrDefault(OrderStatus.CompletelyReserved),
            counts.GetValueOrDefault(OrderStatus.PartiallyReserved), counts.GetValueOrDefault(OrderStatus.NothingReserved),
            counts.GetValueOrDefault(OrderStatus.NeedsReview), left, outage is not null);
        foreach (var (status, count) in counts)
        {
            metrics.Reconciled(status.ToString(), count);
        }

        metrics.ReconciliationRan(run.FinishedAt - run.StartedAt);
        await ReportAsync(run, site, outage, cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>
    /// Rate-limit waits for the orders of one claim: capped in number and length, and none ending so
    /// late that a PUT after it could outlast the claim (another run would take the order over).
    /// </summary>
    private ResiliencePipeline<OciResult<T>> RateLimitWaitsFor<T>(DateTimeOffset claimedUntil)
    {
        var resilience = ociOptions.Value.Resilience;
        var longestPut = resilience.AttemptTimeout * (resilience.MaxRetryAttempts + 1);
        return RateLimitWaits.Pipeline<T>(options.Value.RateLimitWaits, options.Value.LongestRateLimitWait, timeProvider, () => claimedUntil - longestPut);
    }

    private string StillRateLimited => $"OCI kept answering 429 Too Many Requests ({options.Value.RateLimitWaits} waits)";

    /// <summary>
    /// How one order's turn ended: an outcome; a document already under its id, to be read back
    /// (<see cref="DocumentExists"/>); left queued for a later run; or the run must stop (OCI unreachable).
    /// </summary>
    private readonly record struct Step(OrderStatus? Outcome, bool DocumentExists = false, bool Stop = false)
    {
        public static Step Done(OrderStatus outcome) => new(outcome);

        public static Step Exists => new(null, DocumentExists: true);

        public static Step Later => new(null);

        public static Step Halt => new(null, Stop: true);
    }

    /// <summary>Waits for the outcomes in flight when a batch failed; the batch's own failure is the one reported.</summary>
    private static async Task WriteWhatIsAnsweredAsync(OutcomeWrites writes)
    {
        try
        {
            await writes.DrainAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The failure being thrown already stops the run; a write that also failed leaves its order
            // queued, and the next run reads its document back from OCI.
        }
    }

    /// <summary>
    /// One order's reservation PUT and what it says. An answered PUT's outcome is written in the
    /// background (<paramref name="writes"/>): the order's turn ends with OCI's answer.
    /// </summary>
    private async Task<Step> ReconcileAsync(Order order, DateTimeOffset claimedUntil, ResiliencePipeline<OciResult<ReservationResponse>> rateLimit, OutcomeWrites writes, CancellationToken cancellationToken)
    {
        var request = OciReservations.Partial(order);
        var result = await rateLimit.ExecuteAsync(async ct => await oci.CreateReservationAsync(order.ReservationId, request, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        switch (result)
        {
            case OciResult<ReservationResponse>.RateLimited:
                await StillOfflineAsync(order, StillRateLimited, cancellationToken).ConfigureAwait(false);
                return Step.Halt;

            case OciResult<ReservationResponse>.Outage { Reason: var reason }:
                await StillOfflineAsync(order, reason, cancellationToken).ConfigureAwait(false);
                return Step.Halt;

            case OciResult<ReservationResponse>.Rejected { StatusCode: 409, ErrorCode: "EntityExists" }:
                // The order's own id has a document: an online attempt or an earlier run whose answer was
                // lost. OCI promises no replay of it; its quantities are read from the reservations export.
                return Step.Exists;

            case OciResult<ReservationResponse>.Success { Value: var response } when response.UnknownSkus() is { Count: > 0 } unknown:
                return await UnknownSkuAsync(order, response, unknown, cancellationToken).ConfigureAwait(false) is { } reviewed ? Step.Done(reviewed) : Step.Halt;

            case OciResult<ReservationResponse>.Success { Value: var response }:
                var (outcome, perLine) = OutcomeClassifier.Classify(order, response);
                await writes.StartAsync(ct => CompleteAsync(order, outcome, perLine, holdsReplaced: true, ct)).ConfigureAwait(false);
                return Step.Done(outcome);

            case OciResult<ReservationResponse>.Rejected rejected:
                // A missing group or location, or a refused body: a person must look. Never re-reserved under a new id.
                await CompleteAsync(order, OrderStatus.NeedsReview, [.. order.Lines.Select(_ => (decimal?)null)], holdsReplaced: false, cancellationToken).ConfigureAwait(false);
                await alerts.RaiseAsync(AlertSeverity.Warning, AlertKinds.NeedsReview,
                    $"Order needs review: OCI answered {rejected.StatusCode} {rejected.ErrorCode} for reservation {order.ReservationId}.", order.Site, order.OrderNo, cancellationToken).ConfigureAwait(false);
                return Step.Done(OrderStatus.NeedsReview);

            default:
                throw new InvalidOperationException($"Unexpected OCI result {result}");
        }
    }

    /// <summary>
    /// At which attempt (outages counted too) an order whose 409 EntityExists has no document in the
    /// export goes to review: an export may lag the reservation it should list.
    /// </summary>
    public const int LookupMissesBeforeReview = 3;

    /// <summary>
    /// The order's document exists at OCI: its quantities, read from the reservations export, decide
    /// the outcome. A document an online attempt made (all or nothing) that holds less than the whole
    /// order was a refusal: it is cancelled and the order got nothing, as the online path does.
    /// </summary>
    private async Task<Step> FromExistingDocumentAsync(Order order, DateTimeOffset claimedUntil, CancellationToken cancellationToken)
    {
        switch (await lookup.FindAsync(order, cancellationToken).ConfigureAwait(false))
        {
            case LookupResult.Unavailable { Reason: var reason }:
                await StillOfflineAsync(order, reason, cancellationToken).ConfigureAwait(false);
                return Step.Halt;

            case LookupResult.NotFound when order.Attempts + 1 < LookupMissesBeforeReview:
                // Not listed yet: looked up again by the next run. The attempt is counted; OCI is not called down.
                await queueStore.RecordStillOfflineAsync(order.Site, order.OrderNo, MayLandUntil, CancellationToken.None).ConfigureAwait(false);
                return Step.Later;

            case LookupResult.NotFound:
                await CompleteAsync(order, OrderStatus.NeedsReview, [.. order.Lines.Select(_ => (decimal?)null)], holdsReplaced: false, cancellationToken).ConfigureAwait(false);
                await alerts.RaiseAsync(AlertSeverity.Warning, AlertKinds.NeedsReview,
                    $"Order needs review: OCI answered 409 EntityExists for reservation {order.ReservationId}, and its reservations export still did not list that document at attempt {order.Attempts + 1}.",
                    order.Site, order.OrderNo, cancellationToken).ConfigureAwait(false);
                return Step.Done(OrderStatus.NeedsReview);

            case LookupResult.Found { Document: var document } when NotThisOrders(order, document) is { } why:
                // Someone else's document under this id: its stock is not the order's to count. A person must look.
                await CompleteAsync(order, OrderStatus.NeedsReview, [.. order.Lines.Select(_ => (decimal?)null)], holdsReplaced: false, cancellationToken).ConfigureAwait(false);
                await alerts.RaiseAsync(AlertSeverity.Warning, AlertKinds.NeedsReview,
                    $"Order needs review: OCI answered 409 EntityExists for reservation {order.ReservationId}, and the document under that id is not this order's ({why}).",
                    order.Site, order.OrderNo, cancellationToken).ConfigureAwait(false);
                return Step.Done(OrderStatus.NeedsReview);

            case LookupResult.Found { Document: var document }:
                var (outcome, perLine) = OutcomeClassifier.Classify(order, document);
                if (order.Path == CapturePath.Online && outcome != OrderStatus.CompletelyReserved)
                {
                    if (document.State == ReservationDocumentState.Open && !await CancelRefusedOnlineAttemptAsync(order, claimedUntil, cancellationToken).ConfigureAwait(false))
                    {
                        return Step.Halt;
                    }

                    (outcome, perLine) = (OrderStatus.NothingReserved, [.. order.Lines.Select(_ => (decimal?)0m)]);
                }

                await CompleteAsync(order, outcome, perLine, holdsReplaced: true, cancellationToken).ConfigureAwait(false);
                return Step.Done(outcome);

            default:
                throw new InvalidOperationException("unknown look-up result");
        }
    }

    /// <summary>
    /// Why a document found under the order's reservation id is not the order's own (another
    /// externalRefId, or stock at a place or of a SKU the order has no line for), or null when it is.
    /// </summary>
    private static string? NotThisOrders(Order order, ReservationDocument document)
    {
        var ours = ReservationIds.ExternalRef(order.Site, order.OrderNo);
        if (document.ExternalRefId != ours)
        {
            return $"externalRefId {document.ExternalRefId ?? "none"}, not {ours}";
        }

        var lines = order.Lines.Select(l => (l.InventoryListId, l.Sku)).ToHashSet();
        return document.Lines.FirstOrDefault(l => !lines.Contains((l.Place.Id, l.Sku))) is { } foreign
            ? $"it holds {foreign.Sku} at {foreign.Place}, which the order does not ask for"
            : null;
    }

    /// <summary>True once the document is cancelled (or already was); false when OCI is unreachable (the order stays queued).</summary>
    private async Task<bool> CancelRefusedOnlineAttemptAsync(Order order, DateTimeOffset claimedUntil, CancellationToken cancellationToken)
    {
        var cancel = await RateLimitWaitsFor<CancelOutcome>(claimedUntil)
            .ExecuteAsync(async ct => await oci.CancelReservationAsync(order.ReservationId, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        switch (cancel)
        {
            case OciResult<CancelOutcome>.RateLimited:
                await StillOfflineAsync(order, StillRateLimited, cancellationToken).ConfigureAwait(false);
                return false;

            case OciResult<CancelOutcome>.Outage { Reason: var reason }:
                await StillOfflineAsync(order, reason, cancellationToken).ConfigureAwait(false);
                return false;

            default:
                return true; // cancelled now, or 409 ReservationCancelled / 404: cancelled before the crash
        }
    }

    /// <summary>
    /// Until when a PUT this run gave up on (a timeout, an outage, the run stopping) may still land at
    /// OCI: servers finish requests their client abandoned. The same bound as an online attempt's,
    /// <see cref="Capture.CaptureOptions.AttemptLease"/>; the order's claim lasts until then, so a
    /// cancel meanwhile also cancels once more when nothing can land any more (invariant 10).
    /// </summary>
    private DateTimeOffset MayLandUntil => timeProvider.GetUtcNow() + capture.Value.AttemptLease;

    private async Task StillOfflineAsync(Order order, string reason, CancellationToken cancellationToken)
    {
        _stopReason ??= reason;
        await queueStore.RecordStillOfflineAsync(order.Site, order.OrderNo, MayLandUntil, CancellationToken.None).ConfigureAwait(false);
        await connectivity.ReportOutageAsync(reason, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// OCI does not know a SKU of the order at its place: not a shortage (never an oversold report)
    /// but a data problem a person must look at, so NeedsReview with an alert. What OCI did reserve
    /// of the other lines is recorded.
    /// </summary>
    private async Task<OrderStatus?> UnknownSkuAsync(Order order, ReservationResponse response, IReadOnlyList<(string PlaceId, string Sku)> unknown, CancellationToken cancellationToken)
    {
        var (_, perLine) = OutcomeClassifier.Classify(order, response);
        if (!await CompleteAsync(order, OrderStatus.NeedsReview, perLine, holdsReplaced: false, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var what = string.Join(", ", unknown.Select(u => $"{u.Sku} at {u.PlaceId}"));
        await alerts.RaiseAsync(AlertSeverity.Warning, AlertKinds.NeedsReview,
            $"Order needs review: OCI does not know {what} (errorCode Unknown): a data problem, not a shortage. Reservation {order.ReservationId} holds what OCI reserved of the other lines. Check the SKU in OCI, then resolve the order.",
            order.Site, order.OrderNo, cancellationToken).ConfigureAwait(false);
        return OrderStatus.NeedsReview;
    }

    /// <summary>
    /// Writes an outcome with its reports (a reserved_ or oversold_ work file; the Order Management push)
    /// in one commit, forward only from <paramref name="from"/>. False when the order had left that state.
    /// </summary>
    internal async Task<bool> CompleteAsync(Order order, OrderStatus outcome, IReadOnlyList<decimal?> perLine, bool holdsReplaced, CancellationToken cancellationToken,
        OrderStatus from = OrderStatus.ReservationMissing)
    {
        // The holds' replaced_at, which is compared with a poll's fetched_at, the store stamps with its own clock as it writes.
        var at = timeProvider.GetUtcNow();
        var done = order with
        {
            Status = outcome,
            ReconciledAt = at,
            Attempts = order.Attempts + 1,
            Lines = [.. order.Lines.Select((l, i) => l with { ReservedQuantity = perLine[i] })],
        };
        var messages = new List<OutboxMessage>();
        if (outcome != OrderStatus.NeedsReview)
        {
            var kind = outcome == OrderStatus.CompletelyReserved ? ReportKind.Reserved : ReportKind.Oversold;
            messages.Add(workFiles.Message(kind, done, at, WorkFiles.Document(done, outcome.ToString())));
            if (orderManagement.Value.Enabled)
            {
                messages.Add(new OutboxMessage(OutboxMessage.OrderManagementPush, done.Site, done.OrderNo, $"{done.ReservationId}:{outcome}", OrderManagementPush.Serialize(done)));
            }
        }

        if (!await queueStore.CompleteReconciliationAsync(new ReconciledOrder(order.Site, order.OrderNo, outcome, at, perLine, holdsReplaced, messages, from), cancellationToken).ConfigureAwait(false))
        {
            // A cancel won the race for this order while its PUT was in flight. The cancel already
            // queued one of the document; this PUT may have landed after it, so queue one more.
            await cancellations.QueueOciCancelIfCancelledAsync(order.Site, order.OrderNo, CancellationToken.None).ConfigureAwait(false);
            return false;
        }

        return true;
    }

    private async Task ReportAsync(ReconciliationRun run, string? site, string? stoppedBy, CancellationToken cancellationToken)
    {
        var seconds = (run.FinishedAt - run.StartedAt).TotalSeconds;
        await alerts.RaiseAsync(AlertSeverity.Info, AlertKinds.ReconciliationFinished,
            $"Reconciliation finished in {seconds:0.0} s: {run.CompletelyReserved} completely reserved, {run.PartiallyReserved} partially reserved, {run.NothingReserved} nothing reserved, {run.NeedsReview} needs review, {run.StillQueued} still queued.",
            site, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (run.PartiallyReserved + run.NothingReserved > 0)
        {
            await alerts.RaiseAsync(AlertSeverity.Critical, AlertKinds.Oversold,
                $"{run.PartiallyReserved + run.NothingReserved} order(s) oversold: cancel them, offer substitutes, or adjust their reservations at OCI by hand (see the oversold report).",
                site, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        if (run.OciOffline)
        {
            await alerts.RaiseAsync(AlertSeverity.Warning, AlertKinds.OciRemainsOffline,
                $"OCI remains offline ({stoppedBy}): {run.StillQueued} order(s) stay Reservation Missing and are retried next cycle.", site, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        else
        {
            if (run.Classified > 0)
            {
                await connectivity.ReportReachedAsync("a reconciliation run reached OCI", cancellationToken).ConfigureAwait(false);
            }

            if (run.StillQueued == 0)
            {
                await connectivity.ReportQueueEmptyAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public void Dispose() => _oneRun.Dispose();
}
