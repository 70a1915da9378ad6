using Npgsql;
using OrderCapture.Core.Inventory.Pace;
using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Places;
using static OrderCapture.Storage.Quantities;

namespace OrderCapture.Storage.Postgres;

public sealed partial class PostgresOrderStore
{
    // Three round trips per batch of orders (PostgresAcceptBatcher): look (locks, orders, figures), one insert for all, commit.
    private const string LockSql =
        """
        SELECT pg_advisory_xact_lock(h) FROM (
            SELECT hashtextextended(t.l || chr(31) || t.k, 0) AS h FROM unnest(@ls::text[], @ks::text[]) AS t(l, k) ORDER BY 1) ordered
        """;

    // Per (list, SKU): ATO, fetched-at, whether the list is synced, and the holds that count —
    // while the order is not reserved, then until the cache holds data fetched after the
    // reservation was confirmed (invariant 3).
    private static readonly string FiguresSql =
        $"""
        SELECT t.l AS list_id, t.k AS sku, a.ato, s.fetched_at, s.list_id IS NOT NULL AS synced,
               (SELECT COALESCE(SUM(h.quantity), 0)::bigint FROM holds h
                WHERE h.list_id = t.l AND h.sku = t.k AND h.counting AND {StoreRows.HoldStillCountsSql("h.replaced_at", "s.fetched_at")}) AS held,
               p.units, p.seconds, p.observed_at
        FROM unnest(@ls::text[], @ks::text[]) AS t(l, k)
        LEFT JOIN list_sync s ON s.list_id = t.l
        LEFT JOIN availability a ON a.list_id = s.list_id AND a.generation = s.generation AND a.sku = t.k
        LEFT JOIN sku_pace p ON p.list_id = t.l AND p.sku = t.k
        """;

    /// <summary>A row of <see cref="FiguresSql"/> with an ATO as the view the accept rule reads.</summary>
    private static AvailabilityView FiguresView(NpgsqlDataReader reader) => new(
        reader.String("list_id"), reader.String("sku"), reader.Quantity("ato"), reader.Quantity("held"), reader.TimeOrNull("fetched_at"), StoreRows.Pace(reader));

    // The accepted orders of a batch in one statement: arrays per column, the lines and holds
    // joined to the orders actually inserted (another instance may have taken a number meanwhile).
    // One statement instead of one per order roughly halves PostgreSQL's CPU per order.
    private const string InsertSql =
        """
        WITH o AS (INSERT INTO orders(site, order_no, status, captured_at, attempts, path, claimed_by, lease_until)
                   SELECT * FROM unnest(@s::text[], @o::text[], @st::text[], @at::bigint[], @zero::int[], @pa::text[], @w::text[], @until::bigint[])
                   ON CONFLICT DO NOTHING RETURNING site, order_no),
        t AS (SELECT * FROM unnest(@ls::text[], @lo::text[], @ln::int[], @lk::text[], @ll::text[], @lp::text[], @lq::bigint[]) AS t(s, o, n, k, l, p, q)),
        l AS (INSERT INTO order_lines(site, order_no, line_no, sku, list_id, place_type, quantity)
              SELECT t.s, t.o, t.n, t.k, t.l, t.p, t.q FROM t JOIN o ON o.site = t.s AND o.order_no = t.o),
        h AS (INSERT INTO holds(site, order_no, list_id, sku, quantity)
              SELECT x.s, x.o, x.l, x.k, x.q FROM unnest(@hs::text[], @ho::text[], @hl::text[], @hk::text[], @hq::bigint[]) AS x(s, o, l, k, q)
              JOIN o ON o.site = x.s AND o.order_no = x.o),
        b AS (INSERT INTO outbox(kind, site, order_no, target, payload, created_at, next_attempt_at)
              SELECT r.k, r.s, r.o, r.t, r.p, r.at, r.at
              FROM unnest(@bk::text[], @bs::text[], @bo::text[], @bt::text[], @bp::text[], @bat::bigint[]) AS r(k, s, o, t, p, at)
              JOIN o ON o.site = r.s AND o.order_no = r.o)
        SELECT site, order_no FROM o
        """;

    private const string ExistingSql =
        """
        SELECT o.site, o.order_no FROM orders o JOIN unnest(@ss::text[], @os::text[]) AS t(s, n) ON o.site = t.s AND o.order_no = t.n
        """;

    public async Task<AcceptDecision> TryAcceptAsync(Order order, HoldPlan? plan, OutboxMessage? offlineReport, AttemptLease? attempt, OfflineHeadroomOptions? headroom, CancellationToken cancellationToken)
    {
        var decision = await _acceptBatcher.AcceptAsync(new AcceptRequest(order, plan ?? HoldPlan.LinesOnly(order), offlineReport, attempt, headroom, cancellationToken)).ConfigureAwait(false);
        if (offlineReport is not null && decision is AcceptDecision.Accepted)
        {
            _outboxSignal.Notify();
        }

        return decision;
    }

    /// <summary>
    /// Accepts the orders of a batch in one transaction: the per-SKU locks of all of them in one
    /// statement (in one order, so batches never deadlock each other), which orders exist, and the
    /// figures, in one round trip; then the accept rule order by order, counting what the batch's
    /// earlier orders took; then all inserts in one statement. Three round trips for the batch.
    /// </summary>
    private Task<IReadOnlyList<AcceptDecision>> AcceptAllAsync(IReadOnlyList<AcceptRequest> requests) =>
        WriteAsync<IReadOnlyList<AcceptDecision>>(async (c, tx) =>
        {
            // The check reads the holds of every instance, so two instances must not check one SKU at
            // once: a transaction lock per (list, SKU), held until COMMIT. The figures are read after
            // the locks, so they include the previous holder's holds.
            // Every list an order holds or checks is locked: a hold on a group moves what its stores may offer.
            var keys = requests.SelectMany(r => r.Plan.Holds.Concat(r.Plan.Checks).Select(h => (h.ListId, h.Sku))).Distinct().ToList();
            var lists = keys.Select(k => k.ListId).ToArray();
            var skus = keys.Select(k => k.Sku).ToArray();
            await using var look = new NpgsqlBatch(c, tx);
            look.BatchCommands.Add(BatchCommand(LockSql, ("ls", lists), ("ks", skus)));
            look.BatchCommands.Add(BatchCommand(ExistingSql, ("ss", requests.Select(r => r.Order.Site).ToArray()), ("os", requests.Select(r => r.Order.OrderNo).ToArray())));
            look.BatchCommands.Add(BatchCommand(FiguresSql, ("ls", lists), ("ks", skus)));
            var existing = new HashSet<(string, string)>();
            var figures = new Dictionary<(string, string), (AvailabilityView? View, bool Synced)>();
            await using (var reader = await look.ExecuteReaderAsync().ConfigureAwait(false))
            {
                await reader.NextResultAsync().ConfigureAwait(false);
                while (await reader.ReadAsync().ConfigureAwait(false))
                {
                    existing.Add(StoreRows.OrderKey(reader));
                }

                await reader.NextResultAsync().ConfigureAwait(false);
                while (await reader.ReadAsync().ConfigureAwait(false))
                {
                    figures[(reader.String("list_id"), reader.String("sku"))] = (reader.IsNull("ato") ? null : FiguresView(reader), reader.Flag("synced"));
                }
            }

            var decisions = new AcceptDecision?[requests.Count];
            var taken = new Dictionary<(string, string), decimal>();
            var accepted = new HashSet<(string, string)>();
            var inserts = new List<int>();
            for (var i = 0; i < requests.Count; i++)
            {
                var request = requests[i];
                if (existing.Contains((request.Order.Site, request.Order.OrderNo)) || !accepted.Add((request.Order.Site, request.Order.OrderNo)))
                {
                    continue; // a duplicate: read below, once the batch's own inserts are visible
                }

                var shortLines = new List<ShortLine>();
                foreach (var need in request.Plan.Checks)
                {
                    var key = (need.ListId, need.Sku);
                    var (view, synced) = figures[key];
                    var withBatch = view is null ? null : view with { Held = view.Held + taken.GetValueOrDefault(key) };
                    if (AcceptRule.ShortOf(request.Order, need.ListId, need.Sku, need.Quantity, withBatch, () => synced, request.Headroom) is { } shortLine)
                    {
                        shortLines.Add(shortLine);
                    }
                }

                if (shortLines.Count > 0)
                {
                    accepted.Remove((request.Order.Site, request.Order.OrderNo));
                    decisions[i] = new AcceptDecision.Insufficient(shortLines);
                    continue;
                }

                foreach (var hold in request.Plan.Holds)
                {
                    taken[(hold.ListId, hold.Sku)] = taken.GetValueOrDefault((hold.ListId, hold.Sku)) + hold.Quantity;
                }
                inserts.Add(i);
                decisions[i] = new AcceptDecision.Accepted(request.Order);
            }

            if (inserts.Count > 0)
            {
                // Another instance inserted the same order number meanwhile: the key decides, and this
                // one is a duplicate (the insert waited for the winner's commit, so it is visible).
                await using var insert = InsertCommand(c, tx, [.. inserts.Select(i => requests[i])]);
                var inserted = new HashSet<(string, string)>();
                await using (var reader = await insert.ExecuteReaderAsync().ConfigureAwait(false))
                {
                    while (await reader.ReadAsync().ConfigureAwait(false))
                    {
                        inserted.Add(StoreRows.OrderKey(reader));
                    }
                }

                inserts.Where(i => !inserted.Contains((requests[i].Order.Site, requests[i].Order.OrderNo))).ToList().ForEach(i => decisions[i] = null);
            }

            for (var i = 0; i < requests.Count; i++)
            {
                decisions[i] ??= new AcceptDecision.Duplicate((await ReadOrderAsync(c, tx, requests[i].Order.Site, requests[i].Order.OrderNo).ConfigureAwait(false))!);
            }

            return [.. decisions.Select(d => d!)];
        }, CancellationToken.None);

    private static NpgsqlCommand InsertCommand(NpgsqlConnection c, NpgsqlTransaction tx, IReadOnlyList<AcceptRequest> requests)
    {
        var orders = requests.Select(r => r.Order).ToList();
        var lines = orders.SelectMany(o => o.Lines.Select((l, n) => (Order: o, Line: l, No: n))).ToList();
        var reports = requests.Where(r => r.OfflineReport is not null).ToList();
        var holds = requests.SelectMany(r => r.Plan.Holds.Select(h => (r.Order, Hold: h))).ToList();
        return Command(c, tx, InsertSql,
            ("s", orders.Select(o => o.Site).ToArray()), ("o", orders.Select(o => o.OrderNo).ToArray()),
            ("st", orders.Select(o => o.Status.ToString()).ToArray()), ("at", orders.Select(o => ToUnixMs(o.CapturedAt)).ToArray()),
            ("zero", orders.Select(_ => 0).ToArray()), ("pa", orders.Select(o => o.Path.ToString()).ToArray()),
            ("w", requests.Select(r => r.Attempt?.Owner).ToArray()), ("until", requests.Select(r => r.Attempt is null ? (long?)null : ToUnixMs(r.Attempt.Until)).ToArray()),
            ("ls", lines.Select(x => x.Order.Site).ToArray()), ("lo", lines.Select(x => x.Order.OrderNo).ToArray()), ("ln", lines.Select(x => x.No).ToArray()),
            ("lk", lines.Select(x => x.Line.Sku).ToArray()), ("ll", lines.Select(x => x.Line.InventoryListId).ToArray()),
            ("lp", lines.Select(x => x.Line.PlaceType.ToString()).ToArray()), ("lq", lines.Select(x => ToMilli(x.Line.Quantity)).ToArray()),
            ("bk", reports.Select(r => r.OfflineReport!.Kind).ToArray()), ("bs", reports.Select(r => r.Order.Site).ToArray()),
            ("bo", reports.Select(r => r.Order.OrderNo).ToArray()), ("bt", reports.Select(r => r.OfflineReport!.Target).ToArray()),
            ("bp", reports.Select(r => r.OfflineReport!.Payload).ToArray()), ("bat", reports.Select(r => ToUnixMs(r.Order.CapturedAt)).ToArray()),
            ("hs", holds.Select(x => x.Order.Site).ToArray()), ("ho", holds.Select(x => x.Order.OrderNo).ToArray()), ("hl", holds.Select(x => x.Hold.ListId).ToArray()),
            ("hk", holds.Select(x => x.Hold.Sku).ToArray()), ("hq", holds.Select(x => ToMilli(x.Hold.Quantity)).ToArray()));
    }

    public Task<bool> CompleteOnlineAsync(string site, string orderNo, DateTimeOffset confirmedAt, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            var moved = await ExecuteAsync(c, tx,
                "UPDATE orders SET status = 'Reserved', claimed_by = NULL, lease_until = NULL WHERE site = @s AND order_no = @o AND status = 'Reserving'", ("s", site), ("o", orderNo)).ConfigureAwait(false);
            if (moved == 1)
            {
                await ExecuteAsync(c, tx, "UPDATE holds SET replaced_at = @at WHERE site = @s AND order_no = @o", ("at", ToUnixMs(confirmedAt)), ("s", site), ("o", orderNo)).ConfigureAwait(false);
            }

            return moved == 1;
        }, cancellationToken);

    public async Task<bool> FallBackOfflineAsync(string site, string orderNo, OutboxMessage offlineReport, CancellationToken cancellationToken)
    {
        var moved = await WriteAsync(async (c, tx) =>
        {
            var n = await ExecuteAsync(c, tx,
                "UPDATE orders SET status = 'ReservationMissing', claimed_by = NULL, lease_until = NULL WHERE site = @s AND order_no = @o AND status = 'Reserving'", ("s", site), ("o", orderNo)).ConfigureAwait(false);
            if (n == 1)
            {
                await InsertOutboxAsync(c, tx, offlineReport, _timeProvider.GetUtcNow()).ConfigureAwait(false);
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
        var discarded = await WriteAsync(async (c, tx) =>
        {
            if (await ExecuteAsync(c, tx, "DELETE FROM orders WHERE site = @s AND order_no = @o AND status = 'Reserving'", ("s", site), ("o", orderNo)).ConfigureAwait(false) == 0)
            {
                return false;
            }

            await ExecuteAsync(c, tx, StoreSql.DeleteLines, ("s", site), ("o", orderNo)).ConfigureAwait(false);
            await ExecuteAsync(c, tx, StoreSql.DeleteHolds, ("s", site), ("o", orderNo)).ConfigureAwait(false);
            if (cancelAtOci is not null)
            {
                await InsertOutboxAsync(c, tx, cancelAtOci, _timeProvider.GetUtcNow()).ConfigureAwait(false);
            }

            return true;
        }, cancellationToken).ConfigureAwait(false);
        if (discarded && cancelAtOci is not null)
        {
            _outboxSignal.Notify();
        }
    }

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
                    keys.Add(StoreRows.OrderKey(reader));
                }
            }

            return await ReadOrdersAsync(c, null, keys).ConfigureAwait(false);
        }, cancellationToken);

    public Task<IReadOnlyList<Order>> ListOrdersPageAsync(DateTimeOffset since, OrderCursor? after, int max, CancellationToken cancellationToken) =>
        ReadAsync(async c =>
        {
            var keys = new List<(string, string)>();
            await using (var query = Command(c, null, StoreRows.OrderPageSql, ("since", ToUnixMs(since)), ("at", after is null ? long.MinValue : ToUnixMs(after.CapturedAt)),
                ("s", after?.Site ?? ""), ("o", after?.OrderNo ?? ""), ("n", max)))
            await using (var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    keys.Add(StoreRows.OrderKey(reader));
                }
            }

            return await ReadOrdersAsync(c, null, keys).ConfigureAwait(false);
        }, cancellationToken);

    public Task<IReadOnlyList<OrderExcerpt>> ListNewestAsync(OrderStatus status, int limit, int linesPerOrder, bool shortLinesOnly, CancellationToken cancellationToken) =>
        ReadAsync(async c =>
        {
            var heads = new List<Order>();
            await using (var query = Command(c, null, StoreSql.NewestOrders, ("st", status.ToString()), ("n", limit)))
            await using (var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    heads.Add(StoreRows.OrderHead(reader));
                }
            }

            var lines = new List<(string, string, OrderLine)>();
            if (linesPerOrder > 0 && heads.Count > 0)
            {
                await using var query = Command(c, null, StoreSql.NewestOrdersLines, ("st", status.ToString()), ("n", limit), ("k", linesPerOrder + 1), ("short", shortLinesOnly ? 1 : 0));
                await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    lines.Add((reader.String("site"), reader.String("order_no"), StoreRows.OrderLine(reader)));
                }
            }

            return StoreRows.Excerpts(heads, lines, linesPerOrder);
        }, cancellationToken);

    public Task<long> CountAsync(OrderStatus status, CancellationToken cancellationToken) =>
        ReadAsync(async c =>
        {
            await using var query = Command(c, null, StoreSql.CountInStatus, ("st", status.ToString()));
            return (long)(await query.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }, cancellationToken);

    public Task<IReadOnlyDictionary<OrderStatus, long>> CountByStatusAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyDictionary<OrderStatus, long>>(async c =>
        {
            var counts = Enum.GetValues<OrderStatus>().ToDictionary(s => s, _ => 0L);
            await using var query = Command(c, null, StoreRows.CountByStatusSql);
            await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                counts[reader.Enum<OrderStatus>("status")] = reader.Int64("orders");
            }

            return counts;
        }, cancellationToken);

    private static readonly string QualifiedOrderColumns = string.Join(", ", StoreRows.OrderColumns.Split(", ").Select(c => "o." + c));

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
        var heads = new Dictionary<(string, string), Order>();
        await using (var query = Command(c, tx,
            $"SELECT {QualifiedOrderColumns} FROM orders o JOIN unnest(@ss, @os) AS k(site, order_no) ON o.site = k.site AND o.order_no = k.order_no",
            ("ss", sites), ("os", numbers)))
        await using (var reader = await query.ExecuteReaderAsync().ConfigureAwait(false))
        {
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                var head = StoreRows.OrderHead(reader);
                heads[(head.Site, head.OrderNo)] = head;
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
                var key = (reader.String("site"), reader.String("order_no"));
                if (!lines.TryGetValue(key, out var list))
                {
                    lines[key] = list = [];
                }

                list.Add(StoreRows.OrderLine(reader));
            }
        }

        return [.. keys.Where(heads.ContainsKey).Select(k => heads[k] with { Lines = lines.GetValueOrDefault(k) ?? [] })];
    }
}
