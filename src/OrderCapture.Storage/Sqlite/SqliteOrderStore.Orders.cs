using Microsoft.Data.Sqlite;
using OrderCapture.Core.Inventory.Pace;
using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Places;
using static OrderCapture.Storage.Quantities;

namespace OrderCapture.Storage.Sqlite;

public sealed partial class SqliteOrderStore
{
    public async Task<AcceptDecision> TryAcceptAsync(Order order, HoldPlan? plan, OutboxMessage? offlineReport, AttemptLease? attempt, OfflineHeadroomOptions? headroom, CancellationToken cancellationToken)
    {
        plan ??= HoldPlan.LinesOnly(order);
        var decision = await WriteAsync((c, tx) =>
        {
            if (ReadOrder(c, tx, order.Site, order.OrderNo) is { } existing)
            {
                return new AcceptDecision.Duplicate(existing);
            }

            var shortLines = new List<ShortLine>();
            foreach (var need in plan.Checks)
            {
                var view = ReadAvailability(c, tx, need.ListId, need.Sku);
                if (AcceptRule.ShortOf(order, need.ListId, need.Sku, need.Quantity, view, () => IsSynced(c, tx, need.ListId), headroom) is { } shortLine)
                {
                    shortLines.Add(shortLine);
                }
            }

            if (shortLines.Count > 0)
            {
                return new AcceptDecision.Insufficient(shortLines);
            }

            InsertOrder(c, tx, order, attempt);
            foreach (var hold in plan.Holds)
            {
                Execute(c, tx, "INSERT INTO holds(site, order_no, list_id, sku, quantity) VALUES ($s, $o, $l, $k, $q)",
                    ("$s", order.Site), ("$o", order.OrderNo), ("$l", hold.ListId), ("$k", hold.Sku), ("$q", ToMilli(hold.Quantity)));
            }

            if (offlineReport is not null)
            {
                InsertOutbox(c, tx, offlineReport, order.CapturedAt);
            }

            return (AcceptDecision)new AcceptDecision.Accepted(order);
        }, cancellationToken).ConfigureAwait(false);
        if (offlineReport is not null && decision is AcceptDecision.Accepted)
        {
            _outboxSignal.Notify();
        }

        return decision;
    }

    public Task<bool> CompleteOnlineAsync(string site, string orderNo, DateTimeOffset confirmedAt, CancellationToken cancellationToken) =>
        WriteAsync((c, tx) =>
        {
            var moved = Execute(c, tx,
                "UPDATE orders SET status = 'Reserved', claimed_by = NULL, lease_until = NULL WHERE site = $s AND order_no = $o AND status = 'Reserving'", ("$s", site), ("$o", orderNo));
            if (moved == 1)
            {
                Execute(c, tx, "UPDATE holds SET replaced_at = $at WHERE site = $s AND order_no = $o", ("$at", ToUnixMs(confirmedAt)), ("$s", site), ("$o", orderNo));
            }

            return moved == 1;
        }, cancellationToken);

    public async Task<bool> FallBackOfflineAsync(string site, string orderNo, OutboxMessage offlineReport, CancellationToken cancellationToken)
    {
        var moved = await WriteAsync((c, tx) =>
        {
            var n = Execute(c, tx,
                "UPDATE orders SET status = 'ReservationMissing', claimed_by = NULL, lease_until = NULL WHERE site = $s AND order_no = $o AND status = 'Reserving'", ("$s", site), ("$o", orderNo));
            if (n == 1)
            {
                InsertOutbox(c, tx, offlineReport, _timeProvider.GetUtcNow());
            }

            return n == 1;
        }, cancellationToken).ConfigureAwait(false);
        if (moved)
        {
            _outboxSignal.Notify();
        }

        return moved;
    }

    public async Task DiscardReservingAsync(string site, string orderNo, OutboxMessage? cancelAtOci, CancellationToken cancellationToken)
    {
        var discarded = await WriteAsync((c, tx) =>
        {
            if (Execute(c, tx, "DELETE FROM orders WHERE site = $s AND order_no = $o AND status = 'Reserving'", ("$s", site), ("$o", orderNo)) == 0)
            {
                return false;
            }

            Execute(c, tx, StoreSql.DeleteLines, ("@s", site), ("@o", orderNo));
            Execute(c, tx, StoreSql.DeleteHolds, ("@s", site), ("@o", orderNo));
            if (cancelAtOci is not null)
            {
                InsertOutbox(c, tx, cancelAtOci, _timeProvider.GetUtcNow());
            }

            return true;
        }, cancellationToken).ConfigureAwait(false);
        if (discarded && cancelAtOci is not null)
        {
            _outboxSignal.Notify();
        }
    }

    public Task<Order?> GetOrderAsync(string site, string orderNo, CancellationToken cancellationToken) =>
        ReadAsync(c => ReadOrder(c, null, site, orderNo), cancellationToken);

    public Task<IReadOnlyList<Order>> ListOrdersAsync(OrderStatus? status, string? site, int limit, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<Order>>(c =>
        {
            var keys = new List<(string, string)>();
            using (var query = Command(c, null,
                "SELECT site, order_no FROM orders WHERE ($st IS NULL OR status = $st) AND ($s IS NULL OR site = $s) ORDER BY captured_at, site, order_no LIMIT $n",
                ("$st", status?.ToString()), ("$s", site), ("$n", limit)))
            using (var reader = query.ExecuteReader())
            {
                while (reader.Read())
                {
                    keys.Add(StoreRows.OrderKey(reader));
                }
            }

            return [.. keys.Select(k => ReadOrder(c, null, k.Item1, k.Item2)!)];
        }, cancellationToken);

    public Task<IReadOnlyList<Order>> ListOrdersPageAsync(DateTimeOffset since, OrderCursor? after, int max, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<Order>>(c =>
        {
            var keys = new List<(string, string)>();
            using (var query = Command(c, null, StoreRows.OrderPageSql, ("@since", ToUnixMs(since)), ("@at", after is null ? long.MinValue : ToUnixMs(after.CapturedAt)),
                ("@s", after?.Site ?? ""), ("@o", after?.OrderNo ?? ""), ("@n", max)))
            using (var reader = query.ExecuteReader())
            {
                while (reader.Read())
                {
                    keys.Add(StoreRows.OrderKey(reader));
                }
            }

            return [.. keys.Select(k => ReadOrder(c, null, k.Item1, k.Item2)).OfType<Order>()];
        }, cancellationToken);

    public Task<IReadOnlyList<OrderExcerpt>> ListNewestAsync(OrderStatus status, int limit, int linesPerOrder, bool shortLinesOnly, CancellationToken cancellationToken) =>
        ReadAsync(c =>
        {
            var heads = new List<Order>();
            using (var query = Command(c, null, StoreSql.NewestOrders, ("@st", status.ToString()), ("@n", limit)))
            using (var reader = query.ExecuteReader())
            {
                while (reader.Read())
                {
                    heads.Add(StoreRows.OrderHead(reader));
                }
            }

            var lines = new List<(string, string, OrderLine)>();
            if (linesPerOrder > 0 && heads.Count > 0)
            {
                using var query = Command(c, null, StoreSql.NewestOrdersLines, ("@st", status.ToString()), ("@n", limit), ("@k", linesPerOrder + 1), ("@short", shortLinesOnly ? 1 : 0));
                using var reader = query.ExecuteReader();
                while (reader.Read())
                {
                    lines.Add((reader.String("site"), reader.String("order_no"), StoreRows.OrderLine(reader)));
                }
            }

            return StoreRows.Excerpts(heads, lines, linesPerOrder);
        }, cancellationToken);

    public Task<long> CountAsync(OrderStatus status, CancellationToken cancellationToken) =>
        ReadAsync(c => Scalar(c, null, StoreSql.CountInStatus, ("@st", status.ToString())), cancellationToken);

    public Task<IReadOnlyDictionary<OrderStatus, long>> CountByStatusAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyDictionary<OrderStatus, long>>(c =>
        {
            var counts = Enum.GetValues<OrderStatus>().ToDictionary(s => s, _ => 0L);
            using var query = Command(c, null, StoreRows.CountByStatusSql);
            using var reader = query.ExecuteReader();
            while (reader.Read())
            {
                counts[reader.Enum<OrderStatus>("status")] = reader.Int64("orders");
            }

            return counts;
        }, cancellationToken);

    private static void InsertOrder(SqliteConnection c, SqliteTransaction tx, Order order, AttemptLease? attempt)
    {
        Execute(c, tx, "INSERT INTO orders(site, order_no, status, captured_at, attempts, path, claimed_by, lease_until) VALUES ($s, $o, $st, $at, 0, $p, $w, $until)",
            ("$s", order.Site), ("$o", order.OrderNo), ("$st", order.Status.ToString()), ("$at", ToUnixMs(order.CapturedAt)), ("$p", order.Path.ToString()),
            ("$w", attempt?.Owner), ("$until", attempt is null ? null : ToUnixMs(attempt.Until)));
        using var insertLine = Command(c, tx, "INSERT INTO order_lines(site, order_no, line_no, sku, list_id, place_type, quantity) VALUES ($s, $o, $n, $k, $l, $p, $q)",
            ("$s", order.Site), ("$o", order.OrderNo), ("$n", 0), ("$k", ""), ("$l", ""), ("$p", ""), ("$q", 0L));
        for (var i = 0; i < order.Lines.Count; i++)
        {
            var line = order.Lines[i];
            insertLine.Parameters["$n"].Value = i;
            insertLine.Parameters["$k"].Value = line.Sku;
            insertLine.Parameters["$l"].Value = line.InventoryListId;
            insertLine.Parameters["$p"].Value = line.PlaceType.ToString();
            insertLine.Parameters["$q"].Value = ToMilli(line.Quantity);
            insertLine.ExecuteNonQuery();
        }
    }

    internal static Order? ReadOrder(SqliteConnection c, SqliteTransaction? tx, string site, string orderNo)
    {
        Order head;
        using (var query = Command(c, tx, $"SELECT {StoreRows.OrderColumns} FROM orders WHERE site = $s AND order_no = $o", ("$s", site), ("$o", orderNo)))
        using (var reader = query.ExecuteReader())
        {
            if (!reader.Read())
            {
                return null;
            }

            head = StoreRows.OrderHead(reader);
        }

        var lines = new List<OrderLine>();
        using (var query = Command(c, tx, "SELECT sku, list_id, place_type, quantity, reserved FROM order_lines WHERE site = $s AND order_no = $o ORDER BY line_no", ("$s", site), ("$o", orderNo)))
        using (var reader = query.ExecuteReader())
        {
            while (reader.Read())
            {
                lines.Add(StoreRows.OrderLine(reader));
            }
        }

        return head with { Lines = lines };
    }
}
