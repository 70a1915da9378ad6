using Microsoft.Extensions.Options;
using OrderCapture.Core.Inventory;

namespace OrderCapture.Worker.Health;

/// <summary>
/// Holds the start back until the cache is known, so systemd (<c>Type=notify</c>) and the Windows
/// Service Control Manager call the service started only when it can take orders: the store is open
/// (resolving the refresher opened it), and the first cache pass has ended — loaded, or OCI
/// unreachable and the cache known to be what the store kept. Bounded by
/// <see cref="HealthOptions.StartupCacheWait"/>: a huge first export does not keep a service down.
/// Registered after the background loops, so the refresher is already running.
/// </summary>
internal sealed partial class StartupReadiness(
    AvailabilityRefresher refresher,
    Core.Storage.IAvailabilityCacheStore store,
    Core.Sites.SiteCatalog sites,
    IOptions<HealthOptions> options,
    TimeProvider time,
    ILogger<StartupReadiness> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // A cache the store kept from before (a restart, another instance) is loaded already.
        var known = (await store.GetSyncStatesAsync(cancellationToken).ConfigureAwait(false)).Where(s => s.FetchedAt is not null).Select(s => s.InventoryListId).ToHashSet();
        if (sites.InventoryLists.All(l => known.Contains(l.Id)))
        {
            return;
        }

        try
        {
            await refresher.FirstPass.WaitAsync(options.Value.StartupCacheWait, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogStillLoading(logger, options.Value.StartupCacheWait.TotalSeconds);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The availability cache is still loading after {Seconds} s; starting anyway (/readyz says when it is loaded)")]
    private static partial void LogStillLoading(ILogger logger, double seconds);
}
