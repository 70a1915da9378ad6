using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderCapture.Core.Oci;
using OrderCapture.Core.Sites;
using OrderCapture.Core.Storage;

namespace OrderCapture.Core.Places;

/// <summary>
/// The <see cref="PlaceScope"/> every part of the worker uses, from the location graph kept in the
/// store: loaded once, read again from OCI by the cache writer (<see cref="RefreshFromOciAsync"/>),
/// and reloaded from the store by the other instances of a cluster (<see cref="ReloadAsync"/>).
/// A graph change takes effect at the next read, without a restart.
/// </summary>
public sealed partial class LocationGraphSource(
    IAvailabilityCacheStore store, IOciClient oci, IStoreClock storeClock, IOptions<OrderCaptureOptions> options, ILogger<LocationGraphSource> logger) : IDisposable
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile PlaceScope? _scope;

    /// <summary>The scope as last read (the graph unknown until one is).</summary>
    public async ValueTask<PlaceScope> GetAsync(CancellationToken cancellationToken) =>
        _scope ?? await LoadOnceAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Reads the graph the store keeps (another instance may have read a newer one); true when it changed.</summary>
    public async Task<bool> ReloadAsync(CancellationToken cancellationToken)
    {
        var kept = await store.GetLocationGraphAsync(cancellationToken).ConfigureAwait(false);
        var current = await GetAsync(cancellationToken).ConfigureAwait(false);
        if (kept is null || kept.ReadAt <= current.Graph.ReadAt)
        {
            return false;
        }

        return Use(kept, current);
    }

    /// <summary>Reads the graph from OCI's location-graph export, keeps it in the store and uses it.</summary>
    public async Task<OciResult<LocationGraph>> RefreshFromOciAsync(CancellationToken cancellationToken)
    {
        var readAt = await storeClock.NowAsync(cancellationToken).ConfigureAwait(false);
        var result = await oci.ExportLocationGraphAsync(readAt, cancellationToken).ConfigureAwait(false);
        if (result is OciResult<LocationGraph>.Success { Value: var graph })
        {
            await store.SaveLocationGraphAsync(graph, cancellationToken).ConfigureAwait(false);
            Use(graph, await GetAsync(cancellationToken).ConfigureAwait(false));
        }

        return result;
    }

    private bool Use(LocationGraph graph, PlaceScope current)
    {
        var changed = !graph.SameAs(current.Graph);
        _scope = new PlaceScope(options.Value.Sites, graph);
        if (changed)
        {
            LogGraphChanged(logger, graph.Groups.Count, graph.Locations.Count, graph.ReadAt);
        }

        return changed;
    }

    public void Dispose() => _loading.Dispose();

    private async Task<PlaceScope> LoadOnceAsync(CancellationToken cancellationToken)
    {
        await _loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_scope is { } loaded)
            {
                return loaded;
            }

            var kept = await store.GetLocationGraphAsync(cancellationToken).ConfigureAwait(false);
            return _scope = new PlaceScope(options.Value.Sites, kept ?? LocationGraph.Unknown);
        }
        finally
        {
            _loading.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Location graph now in use: {Groups} group(s), {Locations} location(s), read at {ReadAt}")]
    private static partial void LogGraphChanged(ILogger logger, int groups, int locations, DateTimeOffset? readAt);
}
