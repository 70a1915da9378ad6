using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderCapture.Core.Hosting;
using OrderCapture.Core.Oci;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Sites;
using OrderCapture.Core.Storage;

namespace OrderCapture.Core.Connectivity;

/// <summary>
/// Feeds <see cref="OciConnectivity"/>: circuit-breaker openings at once, probes while offline,
/// and the queue check that ends Recovering.
/// </summary>
public sealed class ConnectivityMonitor(
    OciConnectivity connectivity,
    IOciClient oci,
    IOrderQueries store,
    SiteCatalog sites,
    IOptions<ConnectivityOptions> options,
    TimeProvider timeProvider,
    ILogger<ConnectivityMonitor> logger) : BackgroundService
{
    /// <summary>One step of the loop; public so tests can drive it without waiting.</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        while (connectivity.CircuitSignals.TryRead(out var reason))
        {
            await connectivity.ReportOutageAsync(reason, cancellationToken).ConfigureAwait(false);
        }

        switch (connectivity.State)
        {
            case ConnectivityState.Offline:
                await connectivity.ReportProbeAsync(await ProbeAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                break;
            case ConnectivityState.Recovering:
                // Each tick while recovering: the queue's own counts through the status index, not a count of every order kept.
                if (await store.CountAsync(OrderStatus.ReservationMissing, cancellationToken).ConfigureAwait(false) == 0
                    && await store.CountAsync(OrderStatus.Reserving, cancellationToken).ConfigureAwait(false) == 0)
                {
                    await connectivity.ReportQueueEmptyAsync(cancellationToken).ConfigureAwait(false);
                }

                break;
        }
    }

    /// <summary>A probe is good when OCI answers at all: a rejection or a rate limit is still an answer.</summary>
    private async Task<bool> ProbeAsync(CancellationToken cancellationToken)
    {
        var list = sites.InventoryLists[0];
        var result = await oci.GetAvailabilityAsync(["probe-sku"], [list], cancellationToken).ConfigureAwait(false);
        return result is not OciResult<IReadOnlyList<Oci.Contracts.AvailabilityRecord>>.Outage;
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the API takes its first order: a worker restarted mid-outage must start offline.
        await connectivity.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ProbeInterval, timeProvider);
        await ResilientLoop.RunAsync(nameof(ConnectivityMonitor), TickAsync, async ct => await timer.WaitForNextTickAsync(ct).ConfigureAwait(false), logger, timeProvider, stoppingToken).ConfigureAwait(false);
    }
}
