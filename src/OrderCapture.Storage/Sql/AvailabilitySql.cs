namespace OrderCapture.Storage;

/// <summary>
/// The availability cache and the location graph (<see cref="IAvailabilityCacheStore"/>). The bulk
/// paths (staging, deltas, the figures an accept reads) are each dialect's own.
/// </summary>
internal static class AvailabilitySql
{
    /// <summary>Every list's sync state; rows for <see cref="StoreRows.SyncState"/>.</summary>
    public const string ListSyncStates = "SELECT list_id, place_type, generation, delta_token, fetched_at FROM list_sync ORDER BY list_id";

    /// <summary>
    /// (list_id, sku) by pace as last observed, fastest first; @max. The one-minute floor is
    /// <see cref="Core.Inventory.Pace.PaceState.MinimumEvidence"/>.
    /// </summary>
    public const string BusiestSkus =
        "SELECT list_id, sku FROM sku_pace WHERE units > 0 ORDER BY units / (CASE WHEN seconds < 60 THEN 60 ELSE seconds END) DESC, list_id, sku LIMIT @max";

    /// <summary>
    /// Makes a staged generation current for a list, only over an older one (a slower rebuild must
    /// not replace a newer one). @l, @p, @g, @t, @f. No row changed: stale.
    /// </summary>
    public const string Publish =
        """
        INSERT INTO list_sync(list_id, place_type, generation, delta_token, fetched_at, paced_since) VALUES (@l, @p, @g, @t, @f, @f)
        ON CONFLICT(list_id) DO UPDATE SET place_type = excluded.place_type, generation = excluded.generation, delta_token = excluded.delta_token,
            fetched_at = excluded.fetched_at, paced_since = excluded.paced_since
        WHERE list_sync.generation < excluded.generation
        """;

    /// <summary>@l, @g.</summary>
    public const string DropOlderGenerations = "DELETE FROM availability WHERE list_id = @l AND generation < @g";

    /// <summary>@l, @g.</summary>
    public const string DropStagedGeneration = "DELETE FROM availability WHERE list_id = @l AND generation = @g";

    /// <summary>The lists a delta page fetched at @at may change: none a newer poll (or rebuild) has brought further.</summary>
    public const string ListsNotNewerThan = "SELECT list_id, generation, paced_since FROM list_sync WHERE fetched_at IS NULL OR fetched_at <= @at";

    /// <summary>A delta poll's token and start, only forward: an older poll finishing late changes nothing. @t, @f, @l.</summary>
    public const string AdvanceDeltaToken =
        "UPDATE list_sync SET delta_token = @t, fetched_at = @f WHERE list_id = @l AND (fetched_at IS NULL OR fetched_at <= @f)";

    /// <summary>
    /// <see cref="HoldRetirement.StillCounts"/> as SQL, for a holds row (<paramref name="replacedAt"/>, its
    /// replaced_at column) and the list's fetched_at (<paramref name="fetchedAt"/>, a column or parameter).
    /// </summary>
    public static string HoldStillCounts(string replacedAt, string fetchedAt) =>
        $"({replacedAt} IS NULL OR {fetchedAt} IS NULL OR {replacedAt} >= {fetchedAt})";

    /// <summary>The holds <see cref="HoldRetirement.StillCounts"/> retires once figures fetched at <paramref name="fetchedAt"/> are in the cache.</summary>
    public static string HoldRetired(string fetchedAt) => $"NOT {HoldStillCounts("replaced_at", fetchedAt)}";

    /// <summary>
    /// Holds whose reservation OCI's figures fetched at @f now reflect stop counting for good: @l, @f.
    /// <paramref name="counting"/>: the dialect's spelling of a counting hold, the very term of its
    /// partial index (SQLite uses an index only for a query that repeats that term).
    /// </summary>
    public static string RetireReplacedHolds(string counting) =>
        $"UPDATE holds SET counting = FALSE WHERE list_id = @l AND {counting} AND {HoldRetired("@f")}";

    /// <summary>The one kept location graph: its export document and when it was read.</summary>
    public const string ReadLocationGraph = "SELECT document, read_at FROM location_graph WHERE id = 1";

    /// <summary>Keeps the graph (@d, @at) unless the one kept was read later.</summary>
    public const string SaveLocationGraph =
        """
        INSERT INTO location_graph(id, document, read_at) VALUES (1, @d, @at)
        ON CONFLICT(id) DO UPDATE SET document = excluded.document, read_at = excluded.read_at WHERE location_graph.read_at <= excluded.read_at
        """;
}
