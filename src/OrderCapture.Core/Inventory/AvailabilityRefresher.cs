using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrderCapture.Core.Inventory;

/// <summary>Runs <see cref="AvailabilityCacheSync"/> on the delta interval for as long as the worker runs.</summary>
public sealed partial class AvailabilityRefresher(
    AvailabilityCacheSync sync,
    IOptions<InventoryOptions> options,
    TimeProvider timeProvider,
    ILogger<AvailabilityRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.DeltaPollInterval, timeProvider);
        do
        {
            var result = await sync.SyncOnceAsync(stoppingToken).ConfigureAwait(false);
            if (result.ListsRebuilt > 0)
            {
                LogRebuilt(logger, result.ListsRebuilt, result.RecordsLoaded);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Availability cache rebuilt for {Lists} list(s) from a full export: {Records} records")]
    private static partial void LogRebuilt(ILogger logger, int lists, long records);
}
