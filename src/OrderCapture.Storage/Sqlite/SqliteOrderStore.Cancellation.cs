using OrderCapture.Core.Orders;
using static OrderCapture.Storage.Quantities;

namespace OrderCapture.Storage.Sqlite;

public sealed partial class SqliteOrderStore
{
    public async Task<CancelDecision> CancelAsync(CancelRequest request, CancellationToken cancellationToken)
    {
        var decision = await WriteAsync((c, tx) =>
        {
            if (ReadOrder(c, tx, request.Site, request.OrderNo) is not { } order)
            {
                if (request.BlockUnknownNumber)
                {
                    Execute(c, tx, StoreSql.BlockNumber, ("@s", request.Site), ("@o", request.OrderNo), ("@r", request.Reason), ("@n", request.Note), ("@at", ToUnixMs(request.At)));
                }

                return new CancelDecision.NotFound();
            }

            if (order.Status == OrderStatus.Cancelled)
            {
                return new CancelDecision.Cancelled(order, Already: true);
            }

            if (!CancelRules.Applies(order.Status, request.OnlyFrom))
            {
                return (CancelDecision)new CancelDecision.NotCancellable(order);
            }

            long lease;
            bool claimed;
            using (var attempt = Command(c, tx, "SELECT COALESCE(lease_until, 0) AS lease_until, claimed_by IS NOT NULL AS claimed FROM orders WHERE site = $s AND order_no = $o", ("$s", request.Site), ("$o", request.OrderNo)))
            using (var reader = attempt.ExecuteReader())
            {
                reader.Read();
                (lease, claimed) = (reader.Int64("lease_until"), reader.Flag("claimed"));
            }

            var plan = CancelPlan.For(order, lease > 0 ? FromUnixMs(lease) : null, claimed, request.OnlineAttemptLease, request.At);
            Execute(c, tx, StoreSql.CancelOrder,
                ("@r", request.Reason), ("@n", request.Note), ("@at", ToUnixMs(request.At)), ("@oc", plan.OciCancel.ToString()), ("@s", request.Site), ("@o", request.OrderNo));
            Execute(c, tx, StoreSql.DeleteHolds, ("@s", request.Site), ("@o", request.OrderNo));
            foreach (var (due, i) in plan.OciCancelsDueAt.Select((d, i) => (d, i)))
            {
                InsertOutbox(c, tx, OutboxMessage.CancelAtOci(order.Site, order.OrderNo, safetyNet: i > 0), request.At, due);
            }

            return new CancelDecision.Cancelled(ReadOrder(c, tx, request.Site, request.OrderNo)!, Already: false);
        }, cancellationToken).ConfigureAwait(false);
        if (decision is CancelDecision.Cancelled { Already: false, Order.Cancellation.OciCancel: OciCancelState.Pending })
        {
            _outboxSignal.Notify();
        }

        return decision;
    }

    public async Task<bool> QueueOciCancelIfCancelledAsync(string site, string orderNo, CancellationToken cancellationToken)
    {
        var queued = await WriteAsync((c, tx) =>
        {
            if (Execute(c, tx, "UPDATE orders SET oci_cancel = 'Pending' WHERE site = $s AND order_no = $o AND status = 'Cancelled'", ("$s", site), ("$o", orderNo)) == 0)
            {
                return false;
            }

            var now = _timeProvider.GetUtcNow();
            InsertOutbox(c, tx, OutboxMessage.CancelAtOci(site, orderNo), now, now);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        if (queued)
        {
            _outboxSignal.Notify();
        }

        return queued;
    }

    public Task<IReadOnlyList<Order>> ListStrandedAttemptsAsync(DateTimeOffset now, bool includeLive, int max, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<Order>>(c =>
        {
            var keys = new List<(string, string)>();
            using (var query = Command(c, null,
                "SELECT site, order_no FROM orders WHERE status = 'Reserving' AND ($all = 1 OR lease_until IS NULL OR lease_until < $now) ORDER BY captured_at LIMIT $n",
                ("$all", includeLive ? 1 : 0), ("$now", ToUnixMs(now)), ("$n", max)))
            using (var reader = query.ExecuteReader())
            {
                while (reader.Read())
                {
                    keys.Add(StoreRows.OrderKey(reader));
                }
            }

            return [.. keys.Select(k => ReadOrder(c, null, k.Item1, k.Item2)).OfType<Order>()];
        }, cancellationToken);
}
