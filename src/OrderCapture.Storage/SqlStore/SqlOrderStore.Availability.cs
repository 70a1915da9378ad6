using System.Data.Common;
using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Places;
using static OrderCapture.Storage.Quantities;

namespace OrderCapture.Storage;

/// <summary>The availability cache's bookkeeping and the location graph; the bulk writes are each dialect's.</summary>
public abstract partial class SqlOrderStore
{
    public Task<IReadOnlyList<ListSyncState>> GetSyncStatesAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<ListSyncState>>(async c => await QueryAsync(c, null, AvailabilitySql.ListSyncStates, StoreRows.SyncState).ConfigureAwait(false), cancellationToken);

    public Task<IReadOnlyList<(string ListId, string Sku)>> ListBusiestSkusAsync(int max, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<(string, string)>>(async c =>
            await QueryAsync(c, null, AvailabilitySql.BusiestSkus, r => (r.String("list_id"), r.String("sku")), ("@max", max)).ConfigureAwait(false), cancellationToken);

    public Task PublishGenerationAsync(IReadOnlyList<PlaceRef> lists, long generation, string deltaToken, DateTimeOffset fetchedAt, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            foreach (var list in lists)
            {
                // Only a newer generation replaces the current one; a stale one drops its own rows.
                var published = await ExecuteAsync(c, tx, AvailabilitySql.Publish,
                    ("@l", list.Id), ("@p", list.Type.ToString()), ("@g", generation), ("@t", deltaToken), ("@f", ToUnixMs(fetchedAt))).ConfigureAwait(false) > 0;
                await ExecuteAsync(c, tx, published ? AvailabilitySql.DropOlderGenerations : AvailabilitySql.DropStagedGeneration, ("@l", list.Id), ("@g", generation)).ConfigureAwait(false);
                if (published)
                {
                    await RetireReplacedHoldsAsync(c, tx, list.Id, fetchedAt).ConfigureAwait(false);
                }
            }

            return 0;
        }, cancellationToken);

    public Task SetDeltaTokenAsync(IReadOnlyList<PlaceRef> lists, string deltaToken, DateTimeOffset fetchedAt, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            foreach (var list in lists)
            {
                if (await ExecuteAsync(c, tx, AvailabilitySql.AdvanceDeltaToken, ("@t", deltaToken), ("@f", ToUnixMs(fetchedAt)), ("@l", list.Id)).ConfigureAwait(false) > 0)
                {
                    await RetireReplacedHoldsAsync(c, tx, list.Id, fetchedAt).ConfigureAwait(false);
                }
            }

            return 0;
        }, cancellationToken);

    /// <summary>A hold that counts, as the dialect's partial index on holds says it.</summary>
    private protected virtual string CountingHold => "counting = TRUE";

    /// <summary>Holds whose reservation OCI's figures now reflect stop counting for good.</summary>
    private Task<int> RetireReplacedHoldsAsync(DbConnection c, DbTransaction tx, string listId, DateTimeOffset fetchedAt) =>
        ExecuteAsync(c, tx, AvailabilitySql.RetireReplacedHolds(CountingHold), ("@l", listId), ("@f", ToUnixMs(fetchedAt)));

    public Task<LocationGraph?> GetLocationGraphAsync(CancellationToken cancellationToken) =>
        ReadAsync(async c => (await QueryAsync(c, null, AvailabilitySql.ReadLocationGraph, StoreRows.LocationGraph).ConfigureAwait(false)) is [var graph] ? graph : null, cancellationToken);

    public Task SaveLocationGraphAsync(LocationGraph graph, CancellationToken cancellationToken) =>
        WriteAsync((c, tx) => ExecuteAsync(c, tx, AvailabilitySql.SaveLocationGraph,
            ("@d", StoreRows.LocationGraphDocument(graph)), ("@at", ToUnixMs(graph.ReadAt!.Value))), cancellationToken);
}
