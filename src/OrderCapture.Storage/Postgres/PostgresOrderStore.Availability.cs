using System.Data.Common;
using Npgsql;
using OrderCapture.Core.Inventory.Pace;
using OrderCapture.Core.Oci.Contracts;
using static OrderCapture.Storage.Quantities;

namespace OrderCapture.Storage.Postgres;

public sealed partial class PostgresOrderStore
{
    private const string UpsertSql =
        """
        INSERT INTO availability(list_id, generation, sku, ato, atf, on_hand, reserved)
        SELECT l, @g, k, ato, atf, oh, r FROM unnest(@ls, @ks, @atos, @atfs, @ohs, @rs) AS t(l, k, ato, atf, oh, r)
        ON CONFLICT(list_id, generation, sku) DO UPDATE SET ato = excluded.ato, atf = excluded.atf, on_hand = excluded.on_hand, reserved = excluded.reserved
        """;

    // Per record of a delta page: the cached ATO before it, since when the list's deltas were all seen, the pace so far.
    private const string PaceBeforeSql =
        """
        SELECT t.l AS list_id, t.k AS sku, a.ato, s.paced_since, p.units, p.seconds, p.observed_at
        FROM unnest(@ls::text[], @ks::text[]) AS t(l, k)
        JOIN list_sync s ON s.list_id = t.l
        LEFT JOIN availability a ON a.list_id = s.list_id AND a.generation = s.generation AND a.sku = t.k
        LEFT JOIN sku_pace p ON p.list_id = t.l AND p.sku = t.k
        """;

    // Our own reservations confirmed in (start, to] per record: the part of a fall that is not the other
    // channels'. Holds confirmed since the last fetch still count (retirement follows the poll).
    private const string OwnReservedSql =
        """
        SELECT t.l AS list_id, t.k AS sku, (SELECT COALESCE(SUM(h.quantity), 0)::bigint FROM holds h
                          WHERE h.list_id = t.l AND h.sku = t.k AND h.counting AND h.replaced_at > t.s AND h.replaced_at <= @to) AS reserved
        FROM unnest(@ls::text[], @ks::text[], @ss::bigint[]) AS t(l, k, s)
        """;

    private const string PaceUpsertSql =
        """
        INSERT INTO sku_pace(list_id, sku, units, seconds, observed_at)
        SELECT l, k, u, s, at FROM unnest(@ls::text[], @ks::text[], @us::double precision[], @ss::double precision[], @ats::bigint[]) AS t(l, k, u, s, at)
        ON CONFLICT(list_id, sku) DO UPDATE SET units = excluded.units, seconds = excluded.seconds, observed_at = excluded.observed_at
        """;

    /// <summary>The database server's clock in Unix milliseconds, as a statement reads it.</summary>
    private const string ClockMs = "(extract(epoch FROM clock_timestamp()) * 1000)::bigint";

    /// <summary>The database server's clock, to the millisecond: one clock for every instance.</summary>
    public override async Task<DateTimeOffset> NowAsync(CancellationToken cancellationToken) =>
        FromUnixMs(await ReadAsync(c => ScalarAsync(c, null, $"SELECT {ClockMs}"), cancellationToken).ConfigureAwait(false));

    public Task<AvailabilityView?> GetAvailabilityAsync(string inventoryListId, string sku, CancellationToken cancellationToken) =>
        ReadAsync(c => ReadAvailabilityAsync(c, inventoryListId, sku), cancellationToken);

    public Task<long> NextGenerationAsync(CancellationToken cancellationToken) =>
        ReadAsync(c => ScalarAsync(c, null, "SELECT nextval('generations')"), cancellationToken);

    public Task StageAvailabilityAsync(long generation, IReadOnlyList<AvailabilityRecord> records, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            var latest = LastPerKey(records, r => (r.Place.Id, r.Sku));
            await UpsertAsync(c, tx, generation, [.. latest.Select(r => (r.Place.Id, r.Sku, r.Ato, r.Atf, r.OnHand, r.Reserved))]).ConfigureAwait(false);
            return 0;
        }, cancellationToken);

    public Task ApplyDeltasAsync(IReadOnlyList<DeltaRecord> records, PaceObservation observation, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            // A list a newer poll (or rebuild) has already brought further is left alone: this page is older news.
            var generations = (await QueryAsync(c, tx, AvailabilitySql.ListsNotNewerThan, r => (List: r.String("list_id"), Generation: r.Int64("generation")),
                ("@at", ToUnixMs(observation.At))).ConfigureAwait(false)).ToDictionary(l => l.List, l => l.Generation, StringComparer.Ordinal);

            // The last record of a place and SKU is what stands, as if applied one by one.
            var latest = LastPerKey(records, r => (r.PlaceId, r.Sku)).Where(r => generations.ContainsKey(r.PlaceId)).ToList(); // places this worker does not sell from are skipped
            await LearnPaceAsync(c, tx, [.. latest.Where(r => !r.IsDelete)], observation, cancellationToken).ConfigureAwait(false);
            foreach (var byGeneration in latest.GroupBy(r => generations[r.PlaceId]))
            {
                var deletes = byGeneration.Where(r => r.IsDelete).ToList();
                if (deletes.Count > 0)
                {
                    await ExecuteAsync(c, tx, "DELETE FROM availability a USING unnest(@ls, @ks) AS t(l, k) WHERE a.list_id = t.l AND a.generation = @g AND a.sku = t.k",
                        ("@ls", deletes.Select(r => r.PlaceId).ToArray()), ("@ks", deletes.Select(r => r.Sku).ToArray()), ("@g", byGeneration.Key)).ConfigureAwait(false);
                }

                await UpsertAsync(c, tx, byGeneration.Key, [.. byGeneration.Where(r => !r.IsDelete).Select(r => (r.PlaceId, r.Sku, r.Ato, r.Atf, r.OnHand, r.Reserved))]).ConfigureAwait(false);
            }

            return 0;
        }, cancellationToken);

    /// <summary>What the page says about the other channels' pace (<see cref="PaceLearning"/>), stored before the page is applied.</summary>
    private static async Task LearnPaceAsync(DbConnection c, DbTransaction tx, IReadOnlyList<DeltaRecord> records, PaceObservation observation, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return;
        }

        var ls = records.Select(r => r.PlaceId).ToArray();
        var ks = records.Select(r => r.Sku).ToArray();
        var before = (await QueryAsync(c, tx, PaceBeforeSql, r => (Key: (r.String("list_id"), r.String("sku")), Ato: r.Int64OrNull("ato"), PacedSince: r.Int64OrNull("paced_since"), Pace: StoreRows.Pace(r)),
            ("@ls", ls), ("@ks", ks)).ConfigureAwait(false)).ToDictionary(b => b.Key, b => (b.Ato, b.PacedSince, b.Pace));

        // Our reservations confirmed since each record's interval start (PaceLearning.IntervalStart).
        var starts = records.Select(r => before[(r.PlaceId, r.Sku)] is { PacedSince: { } since } b
            ? ToUnixMs(PaceLearning.IntervalStart(b.Pace, FromUnixMs(since))) : long.MaxValue).ToArray();
        var own = (await QueryAsync(c, tx, OwnReservedSql, r => (Key: (r.String("list_id"), r.String("sku")), Reserved: r.Int64("reserved")),
            ("@ls", ls), ("@ks", ks), ("@ss", starts), ("@to", ToUnixMs(observation.At))).ConfigureAwait(false)).ToDictionary(o => o.Key, o => o.Reserved);

        var learned = records.Select(r =>
        {
            var (ato, since, pace) = before[(r.PlaceId, r.Sku)];
            return new PaceInput(r.PlaceId, r.Sku, ato is { } a ? FromMilli(a) : null, Math.Max(0, r.Ato), since is { } s ? FromUnixMs(s) : null, pace,
                FromMilli(own.GetValueOrDefault((r.PlaceId, r.Sku)))).Learn(observation);
        }).ToList();
        await ExecuteAsync(c, tx, PaceUpsertSql, ("@ls", ls), ("@ks", ks),
            ("@us", learned.Select(p => p.DecayedUnits).ToArray()), ("@ss", learned.Select(p => p.DecayedSeconds).ToArray()),
            ("@ats", learned.Select(p => ToUnixMs(p.ObservedAt)).ToArray())).ConfigureAwait(false);
    }

    // The same query the accepting transaction uses: one place says which holds count.
    private static async Task<AvailabilityView?> ReadAvailabilityAsync(DbConnection c, string listId, string sku) =>
        (await QueryAsync(c, null, FiguresSql, r => r.IsNull("ato") ? null : FiguresView(r), ("@ls", new[] { listId }), ("@ks", new[] { sku })).ConfigureAwait(false)).FirstOrDefault();

    private static async Task UpsertAsync(DbConnection c, DbTransaction tx, long generation, IReadOnlyList<(string List, string Sku, decimal Ato, decimal Atf, decimal OnHand, decimal Reserved)> rows)
    {
        if (rows.Count > 0)
        {
            await ExecuteAsync(c, tx, UpsertSql, ("@g", generation),
                ("@ls", rows.Select(r => r.List).ToArray()), ("@ks", rows.Select(r => r.Sku).ToArray()),
                ("@atos", rows.Select(r => ToMilli(Math.Max(0, r.Ato))).ToArray()), ("@atfs", rows.Select(r => ToMilli(r.Atf)).ToArray()),
                ("@ohs", rows.Select(r => ToMilli(r.OnHand)).ToArray()), ("@rs", rows.Select(r => ToMilli(r.Reserved)).ToArray())).ConfigureAwait(false);
        }
    }

    /// <summary>One statement may touch a row once: keep the last record per key, in first-seen order.</summary>
    private static List<T> LastPerKey<T, TKey>(IReadOnlyList<T> records, Func<T, TKey> key)
        where TKey : notnull
    {
        var last = new Dictionary<TKey, int>();
        for (var i = 0; i < records.Count; i++)
        {
            last[key(records[i])] = i;
        }

        return [.. last.Values.Order().Select(i => records[i])];
    }
}
