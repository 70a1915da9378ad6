using Npgsql;
using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;
using static OrderCapture.Core.Storage.Quantities;

namespace OrderCapture.Core.Storage.Postgres;

public sealed partial class PostgresOrderStore
{
    public async Task<AcceptDecision> TryAcceptAsync(Order order, OutboxMessage? offlineReport, CancellationToken cancellationToken)
    {
        var decision = await WriteAsync(async (c, tx) =>
        {
            if (await ReadOrderAsync(c, tx, order.Site, order.OrderNo).ConfigureAwait(false) is { } existing)
            {
                return new AcceptDecision.Duplicate(existing);
            }

            // The check below reads the holds of every instance, so two instances must not read at
            // once for one SKU: a transaction lock per (list, SKU), taken in one order (no deadlock),
            // held until COMMIT. The second taker then sees the first one's holds.
            var needs = order.Lines.GroupBy(l => (l.InventoryListId, l.Sku))
                .OrderBy(g => g.Key.InventoryListId, StringComparer.Ordinal).ThenBy(g => g.Key.Sku, StringComparer.Ordinal).ToList();
            foreach (var need in needs)
            {
                await ExecuteAsync(c, tx, "SELECT pg_advisory_xact_lock(hashtextextended(@l || chr(31) || @k, 0))", ("l", need.Key.InventoryListId), ("k", need.Key.Sku)).ConfigureAwait(false);
            }

            // Offline there is nothing but the cache to go by; online, OCI decides what the cache does not know.
            var requireKnownAto = order.Status != OrderStatus.Reserving;
            var shortLines = new List<ShortLine>();
            foreach (var need in needs)
            {
                var requested = need.Sum(l => l.Quantity);
                var view = await ReadAvailabilityAsync(c, tx, need.Key.InventoryListId, need.Key.Sku).ConfigureAwait(false);
                if (view is null)
                {
                    if (requireKnownAto)
                    {
                        var synced = await ScalarAsync(c, tx, "SELECT COUNT(*) FROM list_sync WHERE list_id = @l", ("l", need.Key.InventoryListId)).ConfigureAwait(false) > 0;
                        shortLines.Add(new ShortLine(need.Key.Sku, need.Key.InventoryListId, requested, 0, Unknown: synced));
                    }
                }
                else if (view.EffectiveAto < requested)
                {
                    shortLines.Add(new ShortLine(need.Key.Sku, need.Key.InventoryListId, requested, view.EffectiveAto, Unknown: false));
                }
            }

            if (shortLines.Count > 0)
            {
                return new AcceptDecision.Insufficient(shortLines);
            }

            // Another instance may be inserting the same order right now: the key decides, and the loser reports a duplicate.
            if (!await InsertOrderAsync(c, tx, order).ConfigureAwait(false))
            {
                // Nothing is written yet; the winner has committed (the insert waited for it), so this statement sees it.
                return new AcceptDecision.Duplicate((await ReadOrderAsync(c, tx, order.Site, order.OrderNo).ConfigureAwait(false))!);
            }

            await using (var hold = Command(c, tx, "INSERT INTO holds(site, order_no, list_id, sku, quantity) SELECT @s, @o, l, k, q FROM unnest(@ls, @ks, @qs) AS t(l, k, q)",
                ("s", order.Site), ("o", order.OrderNo),
                ("ls", order.Lines.Select(l => l.InventoryListId).ToArray()), ("ks", order.Lines.Select(l => l.Sku).ToArray()), ("qs", order.Lines.Select(l => ToMilli(l.Quantity)).ToArray())))
            {
                await hold.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (offlineReport is not null)
            {
                await InsertOutboxAsync(c, tx, offlineReport, order.CapturedAt).ConfigureAwait(false);
            }

            return (AcceptDecision)new AcceptDecision.Accepted(order);
        }, cancellationToken).ConfigureAwait(false);
        if (offlineReport is not null && decision is AcceptDecision.Accepted)
        {
            _outboxSignal.Notify();
        }

        return decision;
    }

    public Task CompleteOnlineAsync(string site, string orderNo, DateTimeOffset confirmedAt, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            var moved = await ExecuteAsync(c, tx, "UPDATE orders SET status = 'Reserved' WHERE site = @s AND order_no = @o AND status = 'Reserving'", ("s", site), ("o", orderNo)).ConfigureAwait(false);
            if (moved == 1)
            {
                await ExecuteAsync(c, tx, "UPDATE holds SET replaced_at = @at WHERE site = @s AND order_no = @o", ("at", ToUnixMs(confirmedAt)), ("s", site), ("o", orderNo)).ConfigureAwait(false);
            }

            return moved;
        }, cancellationToken);

    public async Task FallBackOfflineAsync(string site, string orderNo, OutboxMessage offlineReport, CancellationToken cancellationToken)
    {
        var moved = await WriteAsync(async (c, tx) =>
        {
            var n = await ExecuteAsync(c, tx, "UPDATE orders SET status = 'ReservationMissing' WHERE site = @s AND order_no = @o AND status = 'Reserving'", ("s", site), ("o", orderNo)).ConfigureAwait(false);
            if (n == 1)
            {
                await InsertOutboxAsync(c, tx, offlineReport, _timeProvider.GetUtcNow()).ConfigureAwait(false);
            }

            return n;
        }, cancellationToken).ConfigureAwait(false);
        if (moved == 1)
        {
            _outboxSignal.Notify();
        }
    }

    public Task DiscardReservingAsync(string site, string orderNo, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            if (await ExecuteAsync(c, tx, "DELETE FROM orders WHERE site = @s AND order_no = @o AND status = 'Reserving'", ("s", site), ("o", orderNo)).ConfigureAwait(false) == 1)
            {
                await ExecuteAsync(c, tx, "DELETE FROM order_lines WHERE site = @s AND order_no = @o", ("s", site), ("o", orderNo)).ConfigureAwait(false);
                await ExecuteAsync(c, tx, "DELETE FROM holds WHERE site = @s AND order_no = @o", ("s", site), ("o", orderNo)).ConfigureAwait(false);
            }

            return 0;
        }, cancellationToken);

    public Task<Order?> GetOrderAsync(string site, string orderNo, CancellationToken cancellationToken) =>
        ReadAsync(c => ReadOrderAsync(c, null, site, orderNo), cancellationToken);

    public Task<IReadOnlyList<Order>> ListOrdersAsync(OrderStatus? status, string? site, int limit, CancellationToken cancellationToken) =>
        ReadAsync(async c =>
        {
            var keys = new List<(string, string)>();
            await using (var query = Command(c, null,
                "SELECT site, order_no FROM orders WHERE (@st::text IS NULL OR status = @st) AND (@s::text IS NULL OR site = @s) ORDER BY captured_at, site, order_no LIMIT @n",
                ("st", status?.ToString()), ("s", site), ("n", limit)))
            await using (var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    keys.Add((reader.GetString(0), reader.GetString(1)));
                }
            }

            return await ReadOrdersAsync(c, null, keys).ConfigureAwait(false);
        }, cancellationToken);

    public Task<IReadOnlyDictionary<OrderStatus, long>> CountByStatusAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyDictionary<OrderStatus, long>>(async c =>
        {
            var counts = Enum.GetValues<OrderStatus>().ToDictionary(s => s, _ => 0L);
            await using var query = Command(c, null, "SELECT status, COUNT(*) FROM orders GROUP BY status");
            await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                counts[Enum.Parse<OrderStatus>(reader.GetString(0))] = reader.GetInt64(1);
            }

            return counts;
        }, cancellationToken);

    /// <summary>False when the order exists already (inserted by a concurrent transaction).</summary>
    private static async Task<bool> InsertOrderAsync(NpgsqlConnection c, NpgsqlTransaction tx, Order order)
    {
        if (await ExecuteAsync(c, tx, "INSERT INTO orders(site, order_no, status, captured_at, attempts) VALUES (@s, @o, @st, @at, 0) ON CONFLICT DO NOTHING",
            ("s", order.Site), ("o", order.OrderNo), ("st", order.Status.ToString()), ("at", ToUnixMs(order.CapturedAt))).ConfigureAwait(false) == 0)
        {
            return false;
        }

        await using var lines = Command(c, tx,
            "INSERT INTO order_lines(site, order_no, line_no, sku, list_id, place_type, quantity) SELECT @s, @o, n - 1, k, l, p, q FROM unnest(@ks, @ls, @ps, @qs) WITH ORDINALITY AS t(k, l, p, q, n)",
            ("s", order.Site), ("o", order.OrderNo),
            ("ks", order.Lines.Select(l => l.Sku).ToArray()), ("ls", order.Lines.Select(l => l.InventoryListId).ToArray()),
            ("ps", order.Lines.Select(l => l.PlaceType.ToString()).ToArray()), ("qs", order.Lines.Select(l => ToMilli(l.Quantity)).ToArray()));
        await lines.ExecuteNonQueryAsync().ConfigureAwait(false);
        return true;
    }

    private static async Task<Order?> ReadOrderAsync(NpgsqlConnection c, NpgsqlTransaction? tx, string site, string orderNo) =>
        (await ReadOrdersAsync(c, tx, [(site, orderNo)]).ConfigureAwait(false)) is [var order] ? order : null;

    /// <summary>Reads orders with their lines in two queries, in the order of <paramref name="keys"/>; missing ones are left out.</summary>
    private static async Task<IReadOnlyList<Order>> ReadOrdersAsync(NpgsqlConnection c, NpgsqlTransaction? tx, IReadOnlyList<(string Site, string OrderNo)> keys)
    {
        if (keys.Count == 0)
        {
            return [];
        }

        var sites = keys.Select(k => k.Site).ToArray();
        var numbers = keys.Select(k => k.OrderNo).ToArray();
        var heads = new Dictionary<(string, string), (OrderStatus Status, long CapturedAt, long? ReconciledAt, int Attempts)>();
        await using (var query = Command(c, tx,
            "SELECT o.site, o.order_no, o.status, o.captured_at, o.reconciled_at, o.attempts FROM orders o JOIN unnest(@ss, @os) AS k(site, order_no) ON o.site = k.site AND o.order_no = k.order_no",
            ("ss", sites), ("os", numbers)))
        await using (var reader = await query.ExecuteReaderAsync().ConfigureAwait(false))
        {
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                heads[(reader.GetString(0), reader.GetString(1))] = (Enum.Parse<OrderStatus>(reader.GetString(2)), reader.GetInt64(3), reader.IsDBNull(4) ? null : reader.GetInt64(4), reader.GetInt32(5));
            }
        }

        var lines = new Dictionary<(string, string), List<OrderLine>>();
        await using (var query = Command(c, tx,
            """
            SELECT l.site, l.order_no, l.sku, l.list_id, l.place_type, l.quantity, l.reserved FROM order_lines l
            JOIN unnest(@ss, @os) AS k(site, order_no) ON l.site = k.site AND l.order_no = k.order_no ORDER BY l.site, l.order_no, l.line_no
            """, ("ss", sites), ("os", numbers)))
        await using (var reader = await query.ExecuteReaderAsync().ConfigureAwait(false))
        {
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                var key = (reader.GetString(0), reader.GetString(1));
                if (!lines.TryGetValue(key, out var list))
                {
                    lines[key] = list = [];
                }

                list.Add(new OrderLine(reader.GetString(2), reader.GetString(3), Enum.Parse<PlaceType>(reader.GetString(4)),
                    FromMilli(reader.GetInt64(5)), reader.IsDBNull(6) ? null : FromMilli(reader.GetInt64(6))));
            }
        }

        return [.. keys.Where(heads.ContainsKey).Select(k =>
        {
            var head = heads[k];
            return new Order(k.Site, k.OrderNo, head.Status, FromUnixMs(head.CapturedAt), lines.GetValueOrDefault(k) ?? [], head.Attempts,
                head.ReconciledAt is { } r ? FromUnixMs(r) : null);
        })];
    }
}
