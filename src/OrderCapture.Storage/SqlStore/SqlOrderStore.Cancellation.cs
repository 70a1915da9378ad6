using OrderCapture.Core.Orders;
using OrderCapture.Core.Outbox;
using static OrderCapture.Storage.Quantities;

namespace OrderCapture.Storage;

public abstract partial class SqlOrderStore
{
    public async Task<CancelDecision> CancelAsync(CancelRequest request, CancellationToken cancellationToken)
    {
        CancelDecision? decision;
        while ((decision = await TryCancelAsync(request, cancellationToken).ConfigureAwait(false)) is null)
        {
        }

        if (decision is CancelDecision.Cancelled { Already: false, Order.Cancellation.OciCancel: OciCancelState.Pending })
        {
            OutboxSignal.Notify(OutboxLane.Pushes); // a cancel at OCI
        }

        return decision;
    }

    /// <summary>Null when a capture of the same number committed first on another instance: then the cancel is made again.</summary>
    private Task<CancelDecision?> TryCancelAsync(CancelRequest request, CancellationToken cancellationToken) =>
        WriteAsync<CancelDecision?>(async (c, tx) =>
        {
            // Locked first, the row orders this cancel against a reconciliation or capture of the same order on any instance.
            var attempt = await QueryAsync(c, tx, CancellationSql.Attempt + LockRows, r => (Lease: r.Int64("lease_until"), Claimed: r.Flag("claimed")),
                ("@s", request.Site), ("@o", request.OrderNo)).ConfigureAwait(false);
            if (await ReadOrderAsync(c, tx, request.Site, request.OrderNo).ConfigureAwait(false) is not { } order)
            {
                // The key decides between this block and a capture of the same number on another instance.
                if (request.BlockUnknownNumber && await ExecuteAsync(c, tx, CancellationSql.BlockNumber,
                    ("@s", request.Site), ("@o", request.OrderNo), ("@r", request.Reason), ("@n", request.Note), ("@at", ToUnixMs(request.At))).ConfigureAwait(false) == 0)
                {
                    return null;
                }

                return new CancelDecision.NotFound();
            }

            if (order.Status == OrderStatus.Cancelled)
            {
                return new CancelDecision.Cancelled(order, Already: true);
            }

            if (!CancelRules.Applies(order.Status, request.OnlyFrom))
            {
                return new CancelDecision.NotCancellable(order);
            }

            var (lease, claimed) = attempt is [var a] ? a : (0, false);
            var plan = CancelPlan.For(order, lease > 0 ? FromUnixMs(lease) : null, claimed, request.OnlineAttemptLease, request.At);
            await ExecuteAsync(c, tx, CancellationSql.Cancel,
                ("@r", request.Reason), ("@n", request.Note), ("@at", ToUnixMs(request.At)), ("@oc", plan.OciCancel.ToString()), ("@s", request.Site), ("@o", request.OrderNo)).ConfigureAwait(false);
            await ExecuteAsync(c, tx, OrdersSql.DeleteHolds, ("@s", request.Site), ("@o", request.OrderNo)).ConfigureAwait(false);
            foreach (var (due, i) in plan.OciCancelsDueAt.Select((d, i) => (d, i)))
            {
                await InsertOutboxAsync(c, tx, OutboxMessage.CancelAtOci(order.Site, order.OrderNo, safetyNet: i > 0), request.At, due).ConfigureAwait(false);
            }

            return new CancelDecision.Cancelled((await ReadOrderAsync(c, tx, request.Site, request.OrderNo).ConfigureAwait(false))!, Already: false);
        }, cancellationToken);

    public async Task<bool> QueueOciCancelIfCancelledAsync(string site, string orderNo, CancellationToken cancellationToken)
    {
        var queued = await WriteAsync(async (c, tx) =>
        {
            if (await ExecuteAsync(c, tx, CancellationSql.QueueOciCancel, ("@s", site), ("@o", orderNo)).ConfigureAwait(false) == 0)
            {
                return false;
            }

            var now = TimeProvider.GetUtcNow();
            await InsertOutboxAsync(c, tx, OutboxMessage.CancelAtOci(site, orderNo), now, now).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        if (queued)
        {
            OutboxSignal.Notify(OutboxLane.Pushes); // a cancel at OCI
        }

        return queued;
    }
}
