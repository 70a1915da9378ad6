using Microsoft.Data.Sqlite;
using OrderCapture.Core.Inventory.Pace;
using OrderCapture.Core.Oci.Contracts;
using static OrderCapture.Storage.Quantities;

namespace OrderCapture.Storage.Sqlite;

/// <summary>
/// Pace learning for one page of deltas inside its transaction (<see cref="PaceInput"/> holds the
/// rule): per record, the cached ATO and pace before it, our own reservations confirmed since,
/// then the new pace. Three statements prepared once per page, as the availability upsert is.
/// </summary>
internal sealed class SqlitePaceLearner(SqliteConnection c, SqliteTransaction tx, PaceObservation observation) : IDisposable
{
    private readonly SqliteCommand _before = SqliteOrderStore.Command(c, tx,
        """
        SELECT a.ato, p.units, p.seconds, p.observed_at FROM list_sync s
        LEFT JOIN availability a ON a.list_id = s.list_id AND a.generation = s.generation AND a.sku = @k
        LEFT JOIN sku_pace p ON p.list_id = s.list_id AND p.sku = @k
        WHERE s.list_id = @l
        """, ("@l", ""), ("@k", ""));

    // Our reservations confirmed in (from, to]: the part of a fall that is not the other channels'.
    // Holds confirmed since the last fetch still count (retirement follows the poll): the counting index serves it.
    private readonly SqliteCommand _own = SqliteOrderStore.Command(c, tx,
        $"SELECT COALESCE(SUM(quantity), 0) FROM holds WHERE list_id = @l AND sku = @k AND {SqliteOrderStore.CountingHoldTerm} AND replaced_at > @from AND replaced_at <= @to",
        ("@l", ""), ("@k", ""), ("@from", 0L), ("@to", ToUnixMs(observation.At)));

    private readonly SqliteCommand _upsert = SqliteOrderStore.Command(c, tx,
        """
        INSERT INTO sku_pace(list_id, sku, units, seconds, observed_at) VALUES (@l, @k, @u, @s, @at)
        ON CONFLICT(list_id, sku) DO UPDATE SET units = @u, seconds = @s, observed_at = @at
        """, ("@l", ""), ("@k", ""), ("@u", 0.0), ("@s", 0.0), ("@at", 0L));

    /// <summary>Learns from <paramref name="record"/> before it is applied; <paramref name="baselineAt"/>: the list's export time (null: before pace was kept).</summary>
    public void Learn(DeltaRecord record, DateTimeOffset? baselineAt)
    {
        long? previousAto = null;
        PaceState? previous = null;
        _before.Parameters["@l"].Value = record.PlaceId;
        _before.Parameters["@k"].Value = record.Sku;
        using (var reader = _before.ExecuteReader())
        {
            if (reader.Read())
            {
                previousAto = reader.Int64OrNull("ato");
                previous = StoreRows.Pace(reader);
            }
        }

        long own = 0;
        if (baselineAt is { } baseline && previousAto is not null)
        {
            _own.Parameters["@l"].Value = record.PlaceId;
            _own.Parameters["@k"].Value = record.Sku;
            _own.Parameters["@from"].Value = ToUnixMs(PaceLearning.IntervalStart(previous, baseline));
            own = (long)_own.ExecuteScalar()!;
        }

        var learned = new PaceInput(record.PlaceId, record.Sku, previousAto is { } p ? FromMilli(p) : null, Math.Max(0, record.Ato), baselineAt, previous, FromMilli(own))
            .Learn(observation);
        _upsert.Parameters["@l"].Value = record.PlaceId;
        _upsert.Parameters["@k"].Value = record.Sku;
        _upsert.Parameters["@u"].Value = learned.DecayedUnits;
        _upsert.Parameters["@s"].Value = learned.DecayedSeconds;
        _upsert.Parameters["@at"].Value = ToUnixMs(learned.ObservedAt);
        _upsert.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _before.Dispose();
        _own.Dispose();
        _upsert.Dispose();
    }
}
