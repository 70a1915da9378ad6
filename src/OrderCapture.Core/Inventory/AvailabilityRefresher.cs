using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderCapture.Core.Hosting;

namespace OrderCapture.Core.Inventory;

/// <summary>Runs <see cref="AvailabilityCacheSync"/> on the delta interval for as long as the worker runs.</summary>
public sealed partial class AvailabilityRefresher(
    AvailabilityCacheSync sync,
    IOptions<InventoryOptions> options,
    TimeProvider timeProvider,
    ILogger<AvailabilityRefresher> logger) : BackgroundService
{
    private readonly TaskCompletionSource _firstPass = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Completes when the first sync has ended, loaded or not (OCI unreachable at start): from then
    /// on the cache is known, loaded or known to be empty. The host is ready only after it.
    /// </summary>
    public Task FirstPass => _firstPass.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.DeltaPollInterval, timeProvider);
        await ResilientLoop.RunAsync(nameof(AvailabilityRefresher), async ct =>
        {
            try
            {
                var result = await sync.SyncOnceAsync(ct).ConfigureAwait(false);
                if (result.ListsRebuilt > 0)
                {
                    LogRebuilt(logger, result.ListsRebuilt, result.RecordsLoaded);
                }

                if (result.GraphProblem is { } problem)
                {
                    LogGraphUnread(logger, problem);
                }
            }
            finally
            {
                _firstPass.TrySetResult();
            }
        }, async ct => await timer.WaitForNextTickAsync(ct).ConfigureAwait(false), logger, timeProvider, stoppingToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Availability cache rebuilt for {Lists} list(s) from a full export: {Records} records")]
    private static partial void LogRebuilt(ILogger logger, int lists, long records);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The location graph could not be read ({Problem}); the one kept stays in use. Run 'ordercapture doctor'.")]
    private static partial void LogGraphUnread(ILogger logger, string problem);
}
