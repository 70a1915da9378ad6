using OrderCapture.Core.Orders;
using static OrderCapture.Storage.Quantities;

namespace OrderCapture.Storage.Postgres;

public sealed partial class PostgresOrderStore
{
    public async Task<CancelDecision> CancelAsync(CancelRequest request, CancellationToken cancellationToken)
    {
        CancelDecision? decision;
        while ((decision = await TryCancelAsync(request, cancellationToken).ConfigureAwait(false)) is null)
        {
        }

        if (decision is CancelDecision.Cancelled { Already: false, Order.Cancellation.OciCancel: OciCancelState.Pending })
        {
            _outboxSignal.Notify();
        }

        return decision;
    }

    private Task<CancelDecision?> TryCancelAsync(CancelRequest request, CancellationToken cancellationToken) =>
        WriteAsync<CancelDecision?>(async (c, tx) =>
        {
            // The row lock orders this cancel against a reconciliation or capture of the same order on any instance.
            long lease = 0;
            var claimed = false;
            await using (var attempt = Command(c, tx, "SELECT COALESCE(lease_until, 0) AS lease_until, claimed_by IS NOT NULL AS claimed FROM orders WHERE site = @s AND order_no = @o FOR UPDATE",
                ("s", request.Site), ("o", request.OrderNo)))
            await using (var reader = await attempt.ExecuteReaderAsync().ConfigureAwait(false))
            {
                if (await reader.ReadAsync().ConfigureAwait(false))
                {
                    (lease, claimed) = (reader.Int64("lease_until"), reader.Flag("claimed"));
                }
            }

            if (await ReadOrderAsync(c, tx, request.Site, request.OrderNo).ConfigureAwait(false) is not { } order)
            {
                // A capture of the same number on another instance may insert first: then the key
                // decides, and this cancel is made again against the order that now exists.
                if (request.BlockUnknownNumber && await ExecuteAsync(c, tx, StoreSql.BlockNumber,
                    ("s", request.Site), ("o", request.OrderNo), ("r", request.Reason), ("n", request.Note), ("at", ToUnixMs(request.At))).ConfigureAwait(false) == 0)
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

            var plan = CancelPlan.For(order, lease > 0 ? FromUnixMs(lease) : null, claimed, request.OnlineAttemptLease, request.At);
            await ExecuteAsync(c, tx, StoreSql.CancelOrder,
                ("r", request.Reason), ("n", request.Note), ("at", ToUnixMs(request.At)), ("oc", plan.OciCancel.ToString()), ("s", request.Site), ("o", request.OrderNo)).ConfigureAwait(false);
            await ExecuteAsync(c, tx, StoreSql.DeleteHolds, ("s", request.Site), ("o", request.OrderNo)).ConfigureAwait(false);
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
            if (await ExecuteAsync(c, tx, "UPDATE orders SET oci_cancel = 'Pending' WHERE site = @s AND order_no = @o AND status = 'Cancelled'", ("s", site), ("o", orderNo)).ConfigureAwait(false) == 0)
            {
                return false;
            }

            var now = _timeProvider.GetUtcNow();
            await InsertOutboxAsync(c, tx, OutboxMessage.CancelAtOci(site, orderNo), now, now).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        if (queued)
        {
            _outboxSignal.Notify();
        }

        return queued;
    }

    public Task<IReadOnlyList<Order>> ListStrandedAttemptsAsync(DateTimeOffset now, bool includeLive, int max, CancellationToken cancellationToken) =>
        ReadAsync(async c =>
        {
            var keys = new List<(string, string)>();
            await using (var query = Command(c, null,
                "SELECT site, order_no FROM orders WHERE status = 'Reserving' AND (@all OR lease_until IS NULL OR lease_until < @now) ORDER BY captured_at LIMIT @n",
                ("all", includeLive), ("now", ToUnixMs(now)), ("n", max)))
            await using (var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    keys.Add(StoreRows.OrderKey(reader));
                }
            }

            return await ReadOrdersAsync(c, null, keys).ConfigureAwait(false);
        }, cancellationToken);
}
