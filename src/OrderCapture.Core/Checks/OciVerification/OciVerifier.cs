using OrderCapture.Core.Oci;
using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Sites;
using OrderCapture.Core.Storage;

namespace OrderCapture.Core.Checks.OciVerification;

/// <summary>
/// <c>check --verify-oci</c>: compares the store's orders with the documents OCI's reservations
/// export lists (<see cref="OciDocumentRules"/>). Read-only at OCI: exports only, never a PUT.
/// </summary>
/// <remarks>
/// Orders keep moving while the check runs: a reconciliation can land its document after the
/// export's snapshot and record the outcome before the order is read. So a finding from the first
/// export is only kept when a second export, taken after the order was read, still shows it and the
/// order reads the same after that second export (states move forward only, so it held throughout).
/// The documents of the window are held in memory (about 1 KB each); the orders stream.
/// </remarks>
public sealed class OciVerifier(IOrderQueries store, ICheckMarkStore marks, IOciClient oci, SiteCatalog sites, TimeProvider timeProvider)
{
    /// <summary>The window when neither <c>--since</c> nor an earlier run says where to start.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(7);

    /// <summary>The name of the mark a completed run leaves for the next.</summary>
    public const string MarkName = "verify_oci";

    public async Task<OciVerificationOutcome> VerifyAsync(DateTimeOffset? since, IProgress<ExportProgress>? progress, CancellationToken cancellationToken)
    {
        var to = timeProvider.GetUtcNow();
        var mark = await marks.GetCheckMarkAsync(MarkName, cancellationToken).ConfigureAwait(false);
        var from = since ?? mark ?? to - DefaultWindow;
        var (first, failure) = await SnapshotAsync(from, progress, cancellationToken).ConfigureAwait(false);
        if (first is null)
        {
            return new OciVerificationOutcome.OciUnavailable(failure!);
        }

        var candidates = new List<(Order Order, Finding Finding)>();
        var orderIds = new HashSet<string>(StringComparer.Ordinal);
        DateTimeOffset? oldestUnsettled = null;
        long judged = 0, unsettled = 0;
        await foreach (var order in store.StreamOrdersAsync(from, cancellationToken).ConfigureAwait(false))
        {
            if (order.CapturedAt > to)
            {
                break; // captured after the export's window: the next run's
            }

            orderIds.Add(order.ReservationId);
            if (!OciDocumentRules.Judgeable(order))
            {
                unsettled++;
                oldestUnsettled ??= order.CapturedAt;
                continue;
            }

            judged++;
            if (OciDocumentRules.Judge(order, first.For(order.ReservationId)) is { } finding)
            {
                candidates.Add((order, finding));
            }
        }

        var orphans = new List<ReservationDocument>();
        foreach (var document in first.Open.Values.Where(d => !orderIds.Contains(d.ReservationId) && OciDocumentRules.Held(d).Count > 0))
        {
            if (OciDocumentRules.OwnerOf(document.ExternalRefId, sites.SiteIds) is not { } owner)
            {
                continue; // another channel's document
            }

            // An order of ours captured just before the window can still own it (its time was rounded to the second).
            if (await store.GetOrderAsync(owner.Site, owner.OrderNo, cancellationToken).ConfigureAwait(false) is { } order && order.ReservationId == document.ReservationId)
            {
                if (OciDocumentRules.Judgeable(order) && OciDocumentRules.Judge(order, document) is { } finding)
                {
                    candidates.Add((order, finding));
                }

                continue;
            }

            orphans.Add(document);
        }

        List<Finding> findings = [];
        if (candidates.Count + orphans.Count > 0)
        {
            var (second, secondFailure) = await SnapshotAsync(from, progress: null, cancellationToken).ConfigureAwait(false);
            if (second is null)
            {
                return new OciVerificationOutcome.OciUnavailable(secondFailure!);
            }

            findings = await ConfirmAsync(second, candidates, orphans, cancellationToken).ConfigureAwait(false);
        }

        var stillChanging = candidates.Where(c => !findings.Contains(c.Finding)).Select(c => (DateTimeOffset?)c.Order.CapturedAt).Min();
        var next = new[] { oldestUnsettled, stillChanging, to }.Where(t => t is not null).Min()!.Value;
        // A run over a later window than the mark leaves the mark where it was: orders before it are not checked yet.
        if (mark is null || from <= mark)
        {
            await marks.SetCheckMarkAsync(MarkName, next, cancellationToken).ConfigureAwait(false);
        }

        return new OciVerificationOutcome.Completed(from, to, first.Count, judged, unsettled, findings, next);
    }

    /// <summary>Keeps only the findings a second export, taken after the orders were read, still shows for orders that read the same.</summary>
    private async Task<List<Finding>> ConfirmAsync(DocumentSnapshot second, List<(Order Order, Finding Finding)> candidates, List<ReservationDocument> orphans, CancellationToken cancellationToken)
    {
        var confirmed = new List<Finding>();
        foreach (var (order, _) in candidates)
        {
            var now = await store.GetOrderAsync(order.Site, order.OrderNo, cancellationToken).ConfigureAwait(false);
            if (now is not null && SameState(order, now) && OciDocumentRules.Judge(now, second.For(now.ReservationId)) is { } finding)
            {
                confirmed.Add(finding);
            }
        }

        foreach (var document in orphans)
        {
            var owner = OciDocumentRules.OwnerOf(document.ExternalRefId, sites.SiteIds)!.Value;
            var order = await store.GetOrderAsync(owner.Site, owner.OrderNo, cancellationToken).ConfigureAwait(false);
            if (second.Open.TryGetValue(document.ReservationId, out var still) && OciDocumentRules.Held(still).Count > 0 && order?.ReservationId != still.ReservationId)
            {
                confirmed.Add(OciDocumentRules.Orphan(still, owner.Site, owner.OrderNo, order));
            }
        }

        return confirmed;
    }

    private static bool SameState(Order before, Order after) =>
        before.Status == after.Status && before.Cancellation?.OciCancel == after.Cancellation?.OciCancel
        && before.Lines.Select(l => l.ReservedQuantity).SequenceEqual(after.Lines.Select(l => l.ReservedQuantity));

    /// <summary>Open and closed documents since <paramref name="from"/>; a rate limit is waited out a few times, anything else fails the run.</summary>
    private async Task<(DocumentSnapshot? Snapshot, string? Failure)> SnapshotAsync(DateTimeOffset from, IProgress<ExportProgress>? progress, CancellationToken cancellationToken)
    {
        var snapshot = new DocumentSnapshot();
        foreach (var state in new[] { ReservationDocumentState.Open, ReservationDocumentState.Closed })
        {
            var target = state == ReservationDocumentState.Open ? snapshot.Open : snapshot.Closed;
            var rateLimit = RateLimitWaits.Pipeline<ReservationExportResult>(MaxRateLimitWaits, MaxRateLimitWait, timeProvider);
            var result = await rateLimit.ExecuteAsync(async ct =>
            {
                target.Clear(); // a retried export hands over every document again
                // toDate is left to OCI (its now): a document stamped by our clock a moment ahead of OCI's must not fall outside.
                return await oci.ExportReservationsAsync(new ReservationExportQuery(state, from), (batch, _) =>
                {
                    foreach (var document in batch)
                    {
                        target[document.ReservationId] = document;
                    }

                    return ValueTask.CompletedTask;
                }, progress, ct).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
            switch (result)
            {
                case OciResult<ReservationExportResult>.Rejected r:
                    return (null, $"OCI refused the reservations export: {r.StatusCode} {r.ErrorCode} {r.Message}");
                case OciResult<ReservationExportResult>.RateLimited:
                    return (null, $"OCI kept rate-limiting the reservations export ({MaxRateLimitWaits} waits)");
                case OciResult<ReservationExportResult>.Outage o:
                    return (null, $"OCI unavailable: {o.Reason}");
            }
        }

        return (snapshot, null);
    }

    private const int MaxRateLimitWaits = 3;

    private static readonly TimeSpan MaxRateLimitWait = TimeSpan.FromMinutes(1);
}
