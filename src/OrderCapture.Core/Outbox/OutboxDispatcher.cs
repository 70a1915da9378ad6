using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrderCapture.Core.Alerts;
using OrderCapture.Core.Hosting;
using OrderCapture.Core.OrderManagement;
using OrderCapture.Core.Reports.Share;
using OrderCapture.Core.Storage;

namespace OrderCapture.Core.Outbox;

/// <summary>
/// Delivers outbox messages after the transactions that produced them: work files to the IMPEX
/// share, pushes to Order Management and the alert webhook, and cancellations at OCI that could
/// not be made at once. A failure is retried with back-off and alerted; a message leaves the
/// outbox only once delivered. Work files and the rest go in two lanes (<see cref="OutboxLane"/>)
/// with loops of their own, so a share that hangs or fails never holds up a push.
/// </summary>
public sealed partial class OutboxDispatcher(
    IOutboxStore store,
    IImpexShare impex,
    IOrderManagementSink orderManagement,
    Oci.IOciClient oci,
    Webhooks.IWebhookSender webhooks,
    Microsoft.Extensions.Options.IOptions<AlertOptions> alertOptions,
    AlertPublisher alerts,
    OutboxSignal signal,
    TimeProvider timeProvider,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    /// <summary>How long the loop sleeps when nothing wakes it.</summary>
    public static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(1);

    /// <summary>Back-off after the n-th failure: 1 s, 2 s, 4 s … capped at 1 min.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, Math.Min(attempts, 6))));

    private readonly HashSet<string> _failingKinds = [];

    /// <summary>Pushes (Order Management, alert webhook) delivered at once.</summary>
    public const int MaxParallelDeliveries = 2;

    /// <summary>Work files written behind one disk barrier (open files at once).</summary>
    public const int WorkFileChunk = 64;

    /// <summary>
    /// How long the work-file lane waits after a batch smaller than <see cref="WorkFileChunk"/> before
    /// it reads the outbox again: each batch pays a disk barrier, a folder flush and a store commit
    /// whatever its size, and a lane that wakes for every commit writes batches of a few files. A
    /// work file waits at most this much longer; the daily merge is hours away.
    /// </summary>
    public static readonly TimeSpan WorkFileGather = TimeSpan.FromMilliseconds(50);

    /// <summary>Delivers what is due in both lanes, one after the other (the CLI's way); answers how many were delivered.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken) =>
        await DispatchDueAsync(OutboxLane.Pushes, cancellationToken).ConfigureAwait(false)
        + await DispatchDueAsync(OutboxLane.WorkFiles, cancellationToken).ConfigureAwait(false);

    /// <summary>Delivers what is due in one lane; answers how many were delivered.</summary>
    public async Task<int> DispatchDueAsync(OutboxLane lane, CancellationToken cancellationToken)
    {
        var due = await store.DueOutboxAsync(lane, timeProvider.GetUtcNow(), 500, cancellationToken).ConfigureAwait(false);
        if (due.Count == 0)
        {
            // An idle poll, or messages another instance took first: no batch, so no commit to write.
            return 0;
        }

        var delivered = new List<OutboxItem>(due.Count);
        var failed = new List<(OutboxItem Item, Exception Error)>();

        // Work files go to the share in chunks (on a folder, behind one disk barrier each: one fsync
        // per file stalls order intake on the same disk). A failed file is retried with its own back-off.
        foreach (var chunk in due.Where(i => i.Message.Kind == OutboxMessage.WorkFile).Chunk(WorkFileChunk))
        {
            var errors = await impex.WriteBatchAsync([.. chunk.Select(i => (i.Message.Target, i.Message.Payload))], cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < chunk.Length; i++)
            {
                if (errors[i] is { } error)
                {
                    failed.Add((chunk[i], error));
                }
                else
                {
                    delivered.Add(chunk[i]);
                }
            }
        }

        await Parallel.ForEachAsync(due.Where(i => i.Message.Kind != OutboxMessage.WorkFile), new ParallelOptions { MaxDegreeOfParallelism = MaxParallelDeliveries, CancellationToken = cancellationToken }, async (item, ct) =>
        {
            try
            {
                await DeliverAsync(item.Message, ct).ConfigureAwait(false);
                lock (delivered)
                {
                    delivered.Add(item);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                lock (failed)
                {
                    failed.Add((item, ex));
                }
            }
        }).ConfigureAwait(false);

        // One commit for the whole batch: a message delivered twice after a crash here is harmless
        // (work files are rewritten whole under the same name; pushes carry their idempotency key).
        if (delivered.Count > 0)
        {
            await store.CompleteOutboxAsync(delivered, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }

        foreach (var (item, error) in failed)
        {
            await store.RetryOutboxAsync(item.Id, timeProvider.GetUtcNow() + Backoff(item.Attempts), $"{error.GetType().Name}: {error.Message}", cancellationToken).ConfigureAwait(false);
        }

        foreach (var kind in failed.Where(f => AlertsNow(f.Item)).Select(f => f.Item.Message.Kind).Distinct().Where(StartsFailing))
        {
            var (alert, what) = Describe(kind);
            var error = failed.First(f => f.Item.Message.Kind == kind).Error;
            // A share's own error names the cause and the fix, and never a credential.
            var cause = error is ImpexShareException ? error.Message : error.GetType().Name;
            await alerts.RaiseAsync(AlertSeverity.Critical, alert.Down,
                $"Cannot deliver to {what} ({cause}); messages stay queued and are retried.", cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        foreach (var kind in delivered.Select(d => d.Message.Kind).Distinct().Where(k => !failed.Any(f => f.Item.Message.Kind == k) && StopsFailing(k)))
        {
            var (alert, what) = Describe(kind);
            await alerts.RaiseAsync(AlertSeverity.Info, alert.Up, $"Deliveries to {what} work again; queued messages are going out.", cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        return delivered.Count;
    }

    // The lanes run at once; each kind belongs to one lane, the set is shared.
    private bool StartsFailing(string kind)
    {
        lock (_failingKinds)
        {
            return _failingKinds.Add(kind);
        }
    }

    private bool StopsFailing(string kind)
    {
        lock (_failingKinds)
        {
            return _failingKinds.Remove(kind);
        }
    }

    /// <summary>Failures of an OCI cancel before an alert: right after a create OCI may answer ConcurrentModification for a moment.</summary>
    public const int OciCancelFailuresBeforeAlert = 3;

    private static bool AlertsNow(OutboxItem failed) =>
        failed.Message.Kind != OutboxMessage.OciCancel || failed.Attempts + 1 >= OciCancelFailuresBeforeAlert;

    private Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken) => message.Kind switch
    {
        OutboxMessage.OrderManagementPush => orderManagement.PushAsync(message.Target, message.Payload, cancellationToken),
        AlertPush.OutboxKind when alertOptions.Value.WebhookUrl is { } url => webhooks.PostAsync(url, alertOptions.Value.Timeout, message.Target, message.Payload, cancellationToken),
        AlertPush.OutboxKind => Task.CompletedTask, // the webhook was switched off since: nothing to deliver to
        OutboxMessage.OciCancel => CancelAtOciAsync(message.Target, cancellationToken),
        _ => throw new InvalidOperationException($"No sink for outbox messages of kind '{message.Kind}'."),
    };

    private async Task CancelAtOciAsync(string reservationId, CancellationToken cancellationToken)
    {
        var result = await oci.CancelReservationAsync(reservationId, cancellationToken).ConfigureAwait(false);
        if (!Capture.OciCancels.IsSettled(result))
        {
            throw new IOException($"OCI did not cancel reservation {reservationId}: {result}");
        }
    }

    private static ((string Down, string Up) Kind, string What) Describe(string messageKind) => messageKind switch
    {
        OutboxMessage.OciCancel => ((AlertKinds.OciCancelPending, AlertKinds.OciCancelDone), "OCI (cancelling the reservation of a refused or cancelled order)"),
        OutboxMessage.OrderManagementPush => ((AlertKinds.OrderManagementUnavailable, AlertKinds.OrderManagementRecovered), "Order Management"),
        AlertPush.OutboxKind => ((AlertKinds.AlertWebhookUnavailable, AlertKinds.AlertWebhookRecovered), "the alert webhook"),
        _ => ((AlertKinds.ImpexUnavailable, AlertKinds.ImpexRecovered), "the IMPEX share"),
    };

    /// <summary>Temp files older than this at start were left by a crash mid-write.</summary>
    public static readonly TimeSpan AbandonedTempAge = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var removed = await impex.RemoveAbandonedTempFilesAsync(timeProvider.GetUtcNow() - AbandonedTempAge, stoppingToken).ConfigureAwait(false);
            if (removed > 0)
            {
                LogTempFilesRemoved(logger, removed);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogTempFilesNotRemoved(logger, ex); // debris only; delivery goes on, and the next start tries again
        }

        await Task.WhenAll(RunLaneAsync(OutboxLane.Pushes, stoppingToken), RunLaneAsync(OutboxLane.WorkFiles, stoppingToken)).ConfigureAwait(false);
    }

    private Task RunLaneAsync(OutboxLane lane, CancellationToken stoppingToken) =>
        ResilientLoop.RunAsync($"{nameof(OutboxDispatcher)}.{lane}", async ct =>
        {
            // Keep going while batches deliver: a backlog (after an IMPEX outage, or a burst) must not
            // drain at one batch per idle poll.
            int delivered;
            while ((delivered = await DispatchDueAsync(lane, ct).ConfigureAwait(false)) > 0)
            {
                LogDelivered(logger, delivered, lane);
                if (lane == OutboxLane.WorkFiles && delivered < WorkFileChunk) // a small batch: let more gather behind it
                {
                    await Task.Delay(WorkFileGather, timeProvider, ct).ConfigureAwait(false);
                }
            }
        }, ct => signal.WaitAsync(lane, IdlePoll, ct), logger, timeProvider, stoppingToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} temp file(s) a crash left in the IMPEX reports folder")]
    private static partial void LogTempFilesRemoved(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove temp files left by a crash in the IMPEX reports folder")]
    private static partial void LogTempFilesNotRemoved(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Outbox delivered {Count} message(s) in lane {Lane}")]
    private static partial void LogDelivered(ILogger logger, int count, OutboxLane lane);
}
