using Microsoft.Extensions.Options;
using OrderCapture.Core.Capture;
using OrderCapture.Core.Connectivity;
using OrderCapture.Core.Inventory.Pace;
using OrderCapture.Core.Oci;
using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Places;
using OrderCapture.Core.Storage;

namespace OrderCapture.Core.Inventory;

/// <summary>What one sync pass did.</summary>
public sealed record CacheSyncResult(int ListsRebuilt, long RecordsLoaded, long DeltasApplied, string? OutageReason)
{
    /// <summary>Another instance of the cluster holds the cache writer's lock: it keeps the shared cache current.</summary>
    public bool OtherWriter { get; init; }

    /// <summary>OCI answered 429: no pass calls it before this time.</summary>
    public DateTimeOffset? RateLimitedUntil { get; init; }

    /// <summary>Why the location graph could not be read this pass (the one kept stays in use); null when it was or was not due.</summary>
    public string? GraphProblem { get; init; }
}

/// <summary>
/// Keeps the cache of availability: a full export for lists the cache does not know yet (or
/// whose delta token died), then the delta feed. A list's "fetched at" is the moment the poll
/// that refreshed it began, so it never claims data newer than it is (invariant 3). One instance
/// of a cluster writes the cache at a time (<see cref="ClusterLocks.CacheWriter"/>): two rebuilds at
/// once would delete each other's staged rows.
/// </summary>
public sealed class AvailabilityCacheSync(
    IOciClient oci, IAvailabilityCacheStore cacheStore, IStoreClock storeClock, IClusterLock clusterLock, LocationGraphSource graphs, OciConnectivity connectivity, IOptions<CaptureOptions> captureOptions,
    IOptions<InventoryOptions> inventoryOptions, TimeProvider timeProvider) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DateTimeOffset _rateLimitedUntil = DateTimeOffset.MinValue;

    public async Task<CacheSyncResult> SyncOnceAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        IAsyncDisposable? writer = null;
        try
        {
            if (timeProvider.GetUtcNow() < _rateLimitedUntil)
            {
                return new CacheSyncResult(0, 0, 0, null) { RateLimitedUntil = _rateLimitedUntil };
            }

            writer = await clusterLock.TryAcquireAsync(ClusterLocks.CacheWriter, cancellationToken).ConfigureAwait(false);
            if (writer is null)
            {
                // The writer reads the graph; the others take it from the store.
                await graphs.ReloadAsync(cancellationToken).ConfigureAwait(false);
                return new CacheSyncResult(0, 0, 0, null) { OtherWriter = true };
            }

            var known = (await cacheStore.GetSyncStatesAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.InventoryListId, StringComparer.Ordinal);
            var scope = await graphs.GetAsync(cancellationToken).ConfigureAwait(false);
            string? graphProblem = null;
            var graphAge = timeProvider.GetUtcNow() - scope.Graph.ReadAt;
            if (!scope.Graph.IsKnown || graphAge >= inventoryOptions.Value.LocationGraphRefresh
                || (graphAge >= GraphReadBeforeRebuildAtMostEvery && scope.FollowedLists.Any(l => known.GetValueOrDefault(l.Id)?.DeltaToken is null)))
            {
                switch (await graphs.RefreshFromOciAsync(cancellationToken).ConfigureAwait(false))
                {
                    case OciResult<LocationGraph>.Success:
                        scope = await graphs.GetAsync(cancellationToken).ConfigureAwait(false);
                        break;
                    case OciResult<LocationGraph>.RateLimited { RetryAfter: var wait }:
                        return new CacheSyncResult(0, 0, 0, null) { RateLimitedUntil = PauseFor(wait) };
                    case OciResult<LocationGraph>.Outage { Reason: var reason }:
                        // Not reported as an outage: a client without the graph's scope gets 403 here, and
                        // must not take the worker offline. If OCI is down, the delta poll below finds out.
                        graphProblem = reason;
                        break;
                    case var refused:
                        graphProblem = refused.ToString();
                        break;
                }
            }

            var lists = scope.FollowedLists;
            var toRebuild = lists.Where(l => known.GetValueOrDefault(l.Id)?.DeltaToken is null).ToList();
            int rebuilt = 0;
            long loaded = 0, applied = 0;

            foreach (var byToken in lists.Except(toRebuild).GroupBy(l => known[l.Id].DeltaToken!))
            {
                var started = await storeClock.NowAsync(cancellationToken).ConfigureAwait(false);
                var observation = new PaceObservation(started, captureOptions.Value.OfflineHeadroom.PaceWindow);
                long pageRecords = 0;
                var result = await oci.GetDeltasAsync(byToken.Key, async (page, ct) =>
                {
                    await cacheStore.ApplyDeltasAsync(page, observation, ct).ConfigureAwait(false);
                    pageRecords += page.Count;
                }, cancellationToken).ConfigureAwait(false);
                applied += pageRecords;
                switch (result)
                {
                    case OciResult<string>.Success { Value: var next }:
                        await cacheStore.SetDeltaTokenAsync([.. byToken], next, started, cancellationToken).ConfigureAwait(false);
                        break;
                    case OciResult<string>.Rejected { ErrorCode: "ExpiredDeltaLink" }:
                        toRebuild.AddRange(byToken);
                        break;
                    case OciResult<string>.Outage { Reason: var reason }:
                        await connectivity.ReportOutageAsync(reason, cancellationToken).ConfigureAwait(false);
                        return new CacheSyncResult(rebuilt, loaded, applied, reason);
                    case OciResult<string>.RateLimited { RetryAfter: var wait }:
                        return new CacheSyncResult(rebuilt, loaded, applied, null) { RateLimitedUntil = PauseFor(wait) };
                    default:
                        return new CacheSyncResult(rebuilt, loaded, applied, result.ToString());
                }
            }

            // The contract exports groups or locations, never both: one export per kind.
            foreach (var byType in toRebuild.GroupBy(l => l.Type))
            {
                var (count, outage) = await RebuildAsync([.. byType], cancellationToken).ConfigureAwait(false);
                if (outage is not null)
                {
                    return new CacheSyncResult(rebuilt, loaded, applied, outage) { RateLimitedUntil = _rateLimitedUntil > timeProvider.GetUtcNow() ? _rateLimitedUntil : null };
                }

                rebuilt += byType.Count();
                loaded += count;
            }

            return new CacheSyncResult(rebuilt, loaded, applied, null) { GraphProblem = graphProblem };
        }
        finally
        {
            if (writer is not null)
            {
                await writer.DisposeAsync().ConfigureAwait(false);
            }

            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>
    /// A full rebuild reads the graph first (a store may have joined the group), but a list whose
    /// rebuild keeps failing must not make every pass export the graph again.
    /// </summary>
    private static readonly TimeSpan GraphReadBeforeRebuildAtMostEvery = TimeSpan.FromMinutes(1);

    /// <summary>
    /// OCI's rate limit is shared with reconciliation: no pass calls it until its Retry-After has
    /// passed, at most <see cref="InventoryOptions.LongestRateLimitPause"/>. The pass itself ends at
    /// once; sleeping in it would hold the cluster's cache-writer lock all the while.
    /// </summary>
    private DateTimeOffset PauseFor(TimeSpan retryAfter)
    {
        var longest = inventoryOptions.Value.LongestRateLimitPause;
        return _rateLimitedUntil = timeProvider.GetUtcNow() + (retryAfter < longest ? retryAfter : longest);
    }

    private async Task<(long Records, string? Outage)> RebuildAsync(IReadOnlyList<PlaceRef> lists, CancellationToken cancellationToken)
    {
        var started = await storeClock.NowAsync(cancellationToken).ConfigureAwait(false);
        var generation = await cacheStore.NextGenerationAsync(cancellationToken).ConfigureAwait(false);
        var result = await oci.ExportAsync(lists, (batch, ct) => new ValueTask(cacheStore.StageAvailabilityAsync(generation, batch, ct)), cancellationToken).ConfigureAwait(false);
        switch (result)
        {
            case OciResult<ExportResult>.Success { Value: var export }:
                await cacheStore.PublishGenerationAsync(lists, generation, export.DeltaToken, started, cancellationToken).ConfigureAwait(false);
                return (export.RecordCount, null);
            case OciResult<ExportResult>.Outage { Reason: var reason }:
                await connectivity.ReportOutageAsync(reason, cancellationToken).ConfigureAwait(false);
                return (0, reason);
            case OciResult<ExportResult>.RateLimited { RetryAfter: var wait }:
                PauseFor(wait);
                return (0, $"OCI answered 429 Too Many Requests (Retry-After {wait.TotalSeconds:0.#} s)");
            default:
                return (0, result.ToString());
        }
    }
}
