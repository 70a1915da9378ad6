using Microsoft.Data.Sqlite;
using OrderCapture.Core.Inventory.Pace;
using OrderCapture.Core.Oci.Contracts;
using static OrderCapture.Storage.Quantities;

namespace OrderCapture.Storage.Sqlite;

public sealed partial class SqliteOrderStore
{
    // The holds that count (HoldRetirement, invariant 3).
    internal static readonly string HeldSql =
        $"SELECT COALESCE(SUM(quantity), 0) FROM holds WHERE list_id = @l AND sku = @k AND {CountingHoldTerm} AND {AvailabilitySql.HoldStillCounts("replaced_at", "@f")}";

    /// <summary>One process owns the file: its clock is the store's.</summary>
    public override Task<DateTimeOffset> NowAsync(CancellationToken cancellationToken) => Task.FromResult(TimeProvider.GetUtcNow());

    public Task<AvailabilityView?> GetAvailabilityAsync(string inventoryListId, string sku, CancellationToken cancellationToken) =>
        ReadAsync(c => ReadAvailability(c, null, inventoryListId, sku), cancellationToken);

    public Task<long> NextGenerationAsync(CancellationToken cancellationToken) =>
        WriteAsync((c, tx) =>
        {
            var next = Scalar(c, tx, "SELECT next FROM generations");
            Execute(c, tx, "UPDATE generations SET next = next + 1");
            return next;
        }, cancellationToken);

    public Task StageAvailabilityAsync(long generation, IReadOnlyList<AvailabilityRecord> records, CancellationToken cancellationToken) =>
        WriteAsync((c, tx) =>
        {
            using var upsert = UpsertCommand(c, tx);
            foreach (var r in records)
            {
                Upsert(upsert, r.Place.Id, generation, r.Sku, r.Ato, r.Atf, r.OnHand, r.Reserved);
            }

            return 0;
        }, cancellationToken);

    public Task ApplyDeltasAsync(IReadOnlyList<DeltaRecord> records, PaceObservation observation, CancellationToken cancellationToken) =>
        WriteAsync((c, tx) =>
        {
            var lists = new Dictionary<string, (long Generation, long? PacedSince)>(StringComparer.Ordinal);
            // A list a newer poll (or rebuild) has already brought further is left alone: this page is older news.
            using (var query = Command(c, tx, AvailabilitySql.ListsNotNewerThan, ("@at", ToUnixMs(observation.At))))
            using (var reader = query.ExecuteReader())
            {
                while (reader.Read())
                {
                    lists[reader.String("list_id")] = (reader.Int64("generation"), reader.Int64OrNull("paced_since"));
                }
            }

            using var upsert = UpsertCommand(c, tx);
            using var pace = new SqlitePaceLearner(c, tx, observation);
            foreach (var r in records)
            {
                if (!lists.TryGetValue(r.PlaceId, out var list))
                {
                    continue; // a place this worker does not sell from
                }

                var generation = list.Generation;
                if (!r.IsDelete)
                {
                    pace.Learn(r, list.PacedSince is { } since ? FromUnixMs(since) : null);
                }

                if (r.IsDelete)
                {
                    Execute(c, tx, "DELETE FROM availability WHERE list_id = @l AND generation = @g AND sku = @k", ("@l", r.PlaceId), ("@g", generation), ("@k", r.Sku));
                }
                else
                {
                    Upsert(upsert, r.PlaceId, generation, r.Sku, r.Ato, r.Atf, r.OnHand, r.Reserved);
                }
            }

            return 0;
        }, cancellationToken);

    internal static AvailabilityView? ReadAvailability(SqliteConnection c, SqliteTransaction? tx, string listId, string sku)
    {
        long? ato = null;
        long? fetchedAt = null;
        PaceState? pace = null;
        using (var query = Command(c, tx,
            """
            SELECT a.ato, s.fetched_at, p.units, p.seconds, p.observed_at FROM list_sync s
            JOIN availability a ON a.list_id = s.list_id AND a.generation = s.generation AND a.sku = @k
            LEFT JOIN sku_pace p ON p.list_id = s.list_id AND p.sku = @k
            WHERE s.list_id = @l
            """, ("@l", listId), ("@k", sku)))
        using (var reader = query.ExecuteReader())
        {
            if (reader.Read())
            {
                ato = reader.Int64("ato");
                fetchedAt = reader.Int64OrNull("fetched_at");
                pace = StoreRows.Pace(reader);
            }
        }

        if (ato is null)
        {
            return null;
        }

        var held = Scalar(c, tx, HeldSql, ("@l", listId), ("@k", sku), ("@f", fetchedAt));
        return new AvailabilityView(listId, sku, FromMilli(ato.Value), FromMilli(held), fetchedAt is { } f ? FromUnixMs(f) : null, pace);
    }

    private static bool IsSynced(SqliteConnection c, SqliteTransaction tx, string listId) =>
        Scalar(c, tx, "SELECT COUNT(*) FROM list_sync WHERE list_id = @l", ("@l", listId)) > 0;

    private static SqliteCommand UpsertCommand(SqliteConnection c, SqliteTransaction tx) => Command(c, tx,
        """
        INSERT INTO availability(list_id, generation, sku, ato, atf, on_hand, reserved) VALUES (@l, @g, @k, @ato, @atf, @oh, @r)
        ON CONFLICT(list_id, generation, sku) DO UPDATE SET ato = @ato, atf = @atf, on_hand = @oh, reserved = @r
        """,
        ("@l", ""), ("@g", 0L), ("@k", ""), ("@ato", 0L), ("@atf", 0L), ("@oh", 0L), ("@r", 0L));

    private static void Upsert(SqliteCommand upsert, string listId, long generation, string sku, decimal ato, decimal atf, decimal onHand, decimal reserved)
    {
        upsert.Parameters["@l"].Value = listId;
        upsert.Parameters["@g"].Value = generation;
        upsert.Parameters["@k"].Value = sku;
        upsert.Parameters["@ato"].Value = ToMilli(Math.Max(0, ato));
        upsert.Parameters["@atf"].Value = ToMilli(atf);
        upsert.Parameters["@oh"].Value = ToMilli(onHand);
        upsert.Parameters["@r"].Value = ToMilli(reserved);
        upsert.ExecuteNonQuery();
    }
}
