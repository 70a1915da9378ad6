using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;

namespace OrderCapture.Core.Storage;

/// <summary>The availability cache: generations staged and published, deltas applied, the figures capture reads.</summary>
public interface IAvailabilityCacheStore
{
    Task<AvailabilityView?> GetAvailabilityAsync(string inventoryListId, string sku, CancellationToken cancellationToken);

    Task<IReadOnlyList<ListSyncState>> GetSyncStatesAsync(CancellationToken cancellationToken);

    /// <summary>A generation number no list uses yet, for a rebuild to stage into.</summary>
    Task<long> NextGenerationAsync(CancellationToken cancellationToken);

    /// <summary>Writes export records into a generation that readers do not see until it is published.</summary>
    Task StageAvailabilityAsync(long generation, IReadOnlyList<AvailabilityRecord> records, CancellationToken cancellationToken);

    /// <summary>Makes a staged generation current for the lists, with its delta token, and drops older generations.</summary>
    Task PublishGenerationAsync(IReadOnlyList<PlaceRef> lists, long generation, string deltaToken, DateTimeOffset fetchedAt, CancellationToken cancellationToken);

    /// <summary>
    /// Applies a page of deltas to the current generation of the lists it names, and learns from
    /// each record the other channels' pace (<see cref="Inventory.Pace.PaceInput"/>) in the same commit.
    /// </summary>
    Task ApplyDeltasAsync(IReadOnlyList<DeltaRecord> records, Inventory.Pace.PaceObservation observation, CancellationToken cancellationToken);

    /// <summary>
    /// The (list, SKU)s the other channels take fastest by their pace as last observed, fastest first
    /// (the status page's headroom table). Only SKUs with some consumption seen.
    /// </summary>
    Task<IReadOnlyList<(string ListId, string Sku)>> ListBusiestSkusAsync(int max, CancellationToken cancellationToken);

    /// <summary>Records the token a delta poll ended on and when that poll started.</summary>
    Task SetDeltaTokenAsync(IReadOnlyList<PlaceRef> lists, string deltaToken, DateTimeOffset fetchedAt, CancellationToken cancellationToken);

    /// <summary>The location graph last read from OCI, or null when none was ever kept.</summary>
    Task<Places.LocationGraph?> GetLocationGraphAsync(CancellationToken cancellationToken);

    /// <summary>Keeps <paramref name="graph"/> unless the store already has one read later (another instance's).</summary>
    Task SaveLocationGraphAsync(Places.LocationGraph graph, CancellationToken cancellationToken);
}

/// <summary>Cached availability of a SKU: OCI's ATO, what open holds keep back, and what is left.</summary>
/// <remarks><paramref name="Pace"/>: how fast the other channels take it, null until a delta poll has seen it.</remarks>
public sealed record AvailabilityView(string InventoryListId, string Sku, decimal Ato, decimal Held, DateTimeOffset? AsOf, Inventory.Pace.PaceState? Pace = null)
{
    public decimal EffectiveAto => Math.Max(0, Ato - Held);
}

public sealed record ListSyncState(string InventoryListId, PlaceType PlaceType, long Generation, string? DeltaToken, DateTimeOffset? FetchedAt);
