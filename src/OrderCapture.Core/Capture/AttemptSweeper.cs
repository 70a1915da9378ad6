using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderCapture.Core.Hosting;
using OrderCapture.Core.Storage;

namespace OrderCapture.Core.Capture;

/// <summary>
/// Finishes online attempts whose instance died (the row stays Reserving with a lease that ran
/// out): each joins the Reservation Missing queue, or is not accepted when the cache cannot take it
/// (<see cref="OrderCaptureService.FinishOfflineAsync"/>). Reconciliation then learns whether OCI
/// took it: its PUT under the same reservation id meets the attempt's document (409), which is read
/// back from the reservations export (<see cref="Reconciliation.ReservationLookup"/>). A live instance's attempts
/// end within the online budget, far inside their lease, so they are never touched.
/// </summary>
public sealed partial class AttemptSweeper(
    IOrderIntake store,
    OrderCaptureService capture,
    IOptions<CaptureOptions> options,
    IOptions<StorageOptions> storage,
    TimeProvider timeProvider,
    ILogger<AttemptSweeper> logger) : BackgroundService
{
    private const int BatchSize = 500;

    /// <summary>Finishes one batch of stranded attempts; answers how many.</summary>
    public async Task<int> SweepAsync(bool includeLive, CancellationToken cancellationToken)
    {
        var stranded = await store.ListStrandedAttemptsAsync(timeProvider.GetUtcNow(), includeLive, BatchSize, cancellationToken).ConfigureAwait(false);
        foreach (var order in stranded)
        {
            await capture.FinishOfflineAsync(order, cancellationToken).ConfigureAwait(false);
        }

        if (stranded.Count > 0)
        {
            LogSwept(logger, stranded.Count);
        }

        return stranded.Count;
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // SQLite is used by this process alone (the lock file keeps a second service off the data
        // folder), so whatever is in flight at start was left by a crash: finish it before taking
        // orders, without waiting for its lease. PostgreSQL may have live peers: leases decide there.
        var exclusive = storage.Value.Provider == StorageProvider.Sqlite;
        while (await SweepAsync(includeLive: exclusive, cancellationToken).ConfigureAwait(false) == BatchSize)
        {
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        ResilientLoop.RunAsync(nameof(AttemptSweeper),
            ct => SweepAsync(includeLive: false, ct),
            ct => Task.Delay(options.Value.SweepInterval, timeProvider, ct), logger, timeProvider, stoppingToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Finished {Count} online attempt(s) whose instance stopped before settling them")]
    private static partial void LogSwept(ILogger logger, int count);
}
