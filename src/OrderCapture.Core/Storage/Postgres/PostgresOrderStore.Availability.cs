using Npgsql;
using OrderCapture.Core.Oci.Contracts;
using static OrderCapture.Core.Storage.Quantities;

namespace OrderCapture.Core.Storage.Postgres;

public sealed partial class PostgresOrderStore
{
    private const string UpsertSql =
        """
        INSERT INTO availability(list_id, generation, sku, ato, atf, on_hand, reserved)
        SELECT l, @g, k, ato, atf, oh, r FROM unnest(@ls, @ks, @atos, @atfs, @ohs, @rs) AS t(l, k, ato, atf, oh, r)
        ON CONFLICT(list_id, generation, sku) DO UPDATE SET ato = excluded.ato, atf = excluded.atf, on_hand = excluded.on_hand, reserved = excluded.reserved
        """;

    public Task<AvailabilityView?> GetAvailabilityAsync(string inventoryListId, string sku, CancellationToken cancellationToken) =>
        ReadAsync(c => ReadAvailabilityAsync(c, null, inventoryListId, sku), cancellationToken);

    public Task<IReadOnlyList<ListSyncState>> GetSyncStatesAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<ListSyncState>>(async c =>
        {
            var states = new List<ListSyncState>();
            await using var query = Command(c, null, "SELECT list_id, place_type, generation, delta_token, fetched_at FROM list_sync ORDER BY list_id");
            await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                states.Add(StoreRows.SyncState(reader));
            }

            return states;
        }, cancellationToken);

    public Task<long> NextGenerationAsync(CancellationToken cancellationToken) =>
        ReadAsync(c => ScalarAsync(c, null, "SELECT nextval('generations')"), cancellationToken);

    public Task StageAvailabilityAsync(long generation, IReadOnlyList<AvailabilityRecord> records, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            var latest = LastPerKey(records, r => (r.Place.Id, r.Sku));
            await UpsertAsync(c, tx, generation, [.. latest.Select(r => (r.Place.Id, r.Sku, r.Ato, r.Atf, r.OnHand, r.Reserved))]).ConfigureAwait(false);
            return 0;
        }, cancellationToken);

    public Task PublishGenerationAsync(IReadOnlyList<PlaceRef> lists, long generation, string deltaToken, DateTimeOffset fetchedAt, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            foreach (var list in lists)
            {
                await ExecuteAsync(c, tx,
                    """
                    INSERT INTO list_sync(list_id, place_type, generation, delta_token, fetched_at) VALUES (@l, @p, @g, @t, @f)
                    ON CONFLICT(list_id) DO UPDATE SET place_type = @p, generation = @g, delta_token = @t, fetched_at = @f
                    """,
                    ("l", list.Id), ("p", list.Type.ToString()), ("g", generation), ("t", deltaToken), ("f", ToUnixMs(fetchedAt))).ConfigureAwait(false);
                await ExecuteAsync(c, tx, "DELETE FROM availability WHERE list_id = @l AND generation <> @g", ("l", list.Id), ("g", generation)).ConfigureAwait(false);
                await RetireReplacedHoldsAsync(c, tx, list.Id, fetchedAt).ConfigureAwait(false);
            }

            return 0;
        }, cancellationToken);

    public Task ApplyDeltasAsync(IReadOnlyList<DeltaRecord> records, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            var generations = new Dictionary<string, long>(StringComparer.Ordinal);
            await using (var query = Command(c, tx, "SELECT list_id, generation FROM list_sync"))
            await using (var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    generations[reader.GetString(0)] = reader.GetInt64(1);
                }
            }

            // The last record of a place and SKU is what stands, as if applied one by one.
            foreach (var byGeneration in LastPerKey(records, r => (r.PlaceId, r.Sku))
                .Where(r => generations.ContainsKey(r.PlaceId)) // places this worker does not sell from are skipped
                .GroupBy(r => generations[r.PlaceId]))
            {
                var deletes = byGeneration.Where(r => r.IsDelete).ToList();
                if (deletes.Count > 0)
                {
                    await using var delete = Command(c, tx,
                        "DELETE FROM availability a USING unnest(@ls, @ks) AS t(l, k) WHERE a.list_id = t.l AND a.generation = @g AND a.sku = t.k",
                        ("ls", deletes.Select(r => r.PlaceId).ToArray()), ("ks", deletes.Select(r => r.Sku).ToArray()), ("g", byGeneration.Key));
                    await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await UpsertAsync(c, tx, byGeneration.Key, [.. byGeneration.Where(r => !r.IsDelete).Select(r => (r.PlaceId, r.Sku, r.Ato, r.Atf, r.OnHand, r.Reserved))]).ConfigureAwait(false);
            }

            return 0;
        }, cancellationToken);

    public Task SetDeltaTokenAsync(IReadOnlyList<PlaceRef> lists, string deltaToken, DateTimeOffset fetchedAt, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            foreach (var list in lists)
            {
                await ExecuteAsync(c, tx, "UPDATE list_sync SET delta_token = @t, fetched_at = @f WHERE list_id = @l", ("t", deltaToken), ("f", ToUnixMs(fetchedAt)), ("l", list.Id)).ConfigureAwait(false);
                await RetireReplacedHoldsAsync(c, tx, list.Id, fetchedAt).ConfigureAwait(false);
            }

            return 0;
        }, cancellationToken);

    private static async Task<AvailabilityView?> ReadAvailabilityAsync(NpgsqlConnection c, NpgsqlTransaction? tx, string listId, string sku)
    {
        // The same query the accepting transaction uses: one place says which holds count.
        await using var query = Command(c, tx, FiguresSql, ("ls", new[] { listId }), ("ks", new[] { sku }));
        await using var reader = await query.ExecuteReaderAsync().ConfigureAwait(false);
        if (!await reader.ReadAsync().ConfigureAwait(false) || reader.IsDBNull(2))
        {
            return null;
        }

        return new AvailabilityView(listId, sku, FromMilli(reader.GetInt64(2)), FromMilli(reader.GetInt64(5)), reader.IsDBNull(3) ? null : FromUnixMs(reader.GetInt64(3)));
    }

    /// <summary>Holds whose reservation OCI's data now reflects stop counting for good.</summary>
    private static Task<int> RetireReplacedHoldsAsync(NpgsqlConnection c, NpgsqlTransaction tx, string listId, DateTimeOffset fetchedAt) =>
        ExecuteAsync(c, tx, "UPDATE holds SET counting = false WHERE list_id = @l AND counting AND replaced_at IS NOT NULL AND replaced_at < @f",
            ("l", listId), ("f", ToUnixMs(fetchedAt)));

    private static async Task UpsertAsync(NpgsqlConnection c, NpgsqlTransaction tx, long generation, IReadOnlyList<(string List, string Sku, decimal Ato, decimal Atf, decimal OnHand, decimal Reserved)> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var upsert = Command(c, tx, UpsertSql, ("g", generation),
            ("ls", rows.Select(r => r.List).ToArray()), ("ks", rows.Select(r => r.Sku).ToArray()),
            ("atos", rows.Select(r => ToMilli(Math.Max(0, r.Ato))).ToArray()), ("atfs", rows.Select(r => ToMilli(r.Atf)).ToArray()),
            ("ohs", rows.Select(r => ToMilli(r.OnHand)).ToArray()), ("rs", rows.Select(r => ToMilli(r.Reserved)).ToArray()));
        await upsert.ExecuteNonQueryAsync().ConfigureAwait(false);
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
