using System.Data.Common;
using Npgsql;
using OrderCapture.Core.Inventory.Pace;
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
                WHERE h.list_id = t.l AND h.sku = t.k AND h.counting AND {AvailabilitySql.HoldStillCounts("h.replaced_at", "s.fetched_at")}) AS held,
               p.units, p.seconds, p.observed_at
        FROM unnest(@ls::text[], @ks::text[]) AS t(l, k)
        LEFT JOIN list_sync s ON s.list_id = t.l
        LEFT JOIN availability a ON a.list_id = s.list_id AND a.generation = s.generation AND a.sku = t.k
        LEFT JOIN sku_pace p ON p.list_id = t.l AND p.sku = t.k
        """;

    /// <summary>A row of <see cref="FiguresSql"/> with an ATO as the view the accept rule reads.</summary>
    private static AvailabilityView FiguresView(DbDataReader reader) => new(
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
            OutboxSignal.Notify(offlineReport.Lane);
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
            await using var look = new NpgsqlBatch((NpgsqlConnection)c, (NpgsqlTransaction)tx);
            look.BatchCommands.Add(BatchCommand(LockSql, ("@ls", lists), ("@ks", skus)));
            look.BatchCommands.Add(BatchCommand(ExistingSql, ("@ss", requests.Select(r => r.Order.Site).ToArray()), ("@os", requests.Select(r => r.Order.OrderNo).ToArray())));
            look.BatchCommands.Add(BatchCommand(FiguresSql, ("@ls", lists), ("@ks", skus)));
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

    private static DbCommand InsertCommand(DbConnection c, DbTransaction tx, IReadOnlyList<AcceptRequest> requests)
    {
        var orders = requests.Select(r => r.Order).ToList();
        var lines = orders.SelectMany(o => o.Lines.Select((l, n) => (Order: o, Line: l, No: n))).ToList();
        var reports = requests.Where(r => r.OfflineReport is not null).ToList();
        var holds = requests.SelectMany(r => r.Plan.Holds.Select(h => (r.Order, Hold: h))).ToList();
        return NewCommand(c, tx, InsertSql,
            ("@s", orders.Select(o => o.Site).ToArray()), ("@o", orders.Select(o => o.OrderNo).ToArray()),
            ("@st", orders.Select(o => o.Status.ToString()).ToArray()), ("@at", orders.Select(o => ToUnixMs(o.CapturedAt)).ToArray()),
            ("@zero", orders.Select(_ => 0).ToArray()), ("@pa", orders.Select(o => o.Path.ToString()).ToArray()),
            ("@w", requests.Select(r => r.Attempt?.Owner).ToArray()), ("@until", requests.Select(r => r.Attempt is null ? (long?)null : ToUnixMs(r.Attempt.Until)).ToArray()),
            ("@ls", lines.Select(x => x.Order.Site).ToArray()), ("@lo", lines.Select(x => x.Order.OrderNo).ToArray()), ("@ln", lines.Select(x => x.No).ToArray()),
            ("@lk", lines.Select(x => x.Line.Sku).ToArray()), ("@ll", lines.Select(x => x.Line.InventoryListId).ToArray()),
            ("@lp", lines.Select(x => x.Line.PlaceType.ToString()).ToArray()), ("@lq", lines.Select(x => ToMilli(x.Line.Quantity)).ToArray()),
            ("@bk", reports.Select(r => r.OfflineReport!.Kind).ToArray()), ("@bs", reports.Select(r => r.Order.Site).ToArray()),
            ("@bo", reports.Select(r => r.Order.OrderNo).ToArray()), ("@bt", reports.Select(r => r.OfflineReport!.Target).ToArray()),
            ("@bp", reports.Select(r => r.OfflineReport!.Payload).ToArray()), ("@bat", reports.Select(r => ToUnixMs(r.Order.CapturedAt)).ToArray()),
            ("@hs", holds.Select(x => x.Order.Site).ToArray()), ("@ho", holds.Select(x => x.Order.OrderNo).ToArray()), ("@hl", holds.Select(x => x.Hold.ListId).ToArray()),
            ("@hk", holds.Select(x => x.Hold.Sku).ToArray()), ("@hq", holds.Select(x => ToMilli(x.Hold.Quantity)).ToArray()));
    }
}
