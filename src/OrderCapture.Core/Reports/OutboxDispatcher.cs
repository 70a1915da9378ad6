using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrderCapture.Core.Alerts;
using OrderCapture.Core.Hosting;
using OrderCapture.Core.OrderManagement;
using OrderCapture.Core.Storage;

namespace OrderCapture.Core.Reports;

/// <summary>
/// Delivers outbox messages after the transactions that produced them: work files to the IMPEX
/// share (and, once reconciliation lands, pushes to Order Management). A failure is retried
/// with back-off and alerted; a message leaves the outbox only once delivered.
/// </summary>
public sealed partial class OutboxDispatcher(
    IOrderStore store,
    ImpexShare impex,
    IOrderManagementSink orderManagement,
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

    /// <summary>Delivers what is due; answers how many were delivered.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var delivered = 0;
        foreach (var item in await store.DueOutboxAsync(timeProvider.GetUtcNow(), 500, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await DeliverAsync(item.Message, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                await store.RetryOutboxAsync(item.Id, timeProvider.GetUtcNow() + Backoff(item.Attempts), $"{ex.GetType().Name}: {ex.Message}", cancellationToken).ConfigureAwait(false);
                if (_failingKinds.Add(item.Message.Kind))
                {
                    var (kind, what) = Describe(item.Message.Kind);
                    await alerts.RaiseAsync(AlertSeverity.Critical, kind.Down,
                        $"Cannot deliver to {what} ({ex.GetType().Name}); messages stay queued and are retried.", cancellationToken: cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            await store.CompleteOutboxAsync(item.Id, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            delivered++;
            if (_failingKinds.Remove(item.Message.Kind))
            {
                var (kind, what) = Describe(item.Message.Kind);
                await alerts.RaiseAsync(AlertSeverity.Info, kind.Up, $"{what} accepts messages again; queued ones are being delivered.", cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }

        return delivered;
    }

    private Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken) => message.Kind switch
    {
        OutboxMessage.WorkFile => impex.WriteAtomicAsync(message.Target, message.Payload, cancellationToken),
        OutboxMessage.OrderManagementPush => orderManagement.PushAsync(message.Target, message.Payload, cancellationToken),
        _ => throw new InvalidOperationException($"No sink for outbox messages of kind '{message.Kind}'."),
    };

    private static ((string Down, string Up) Kind, string What) Describe(string messageKind) => messageKind == OutboxMessage.OrderManagementPush
        ? ((AlertKinds.OrderManagementUnavailable, AlertKinds.OrderManagementRecovered), "Order Management")
        : ((AlertKinds.ImpexUnavailable, AlertKinds.ImpexRecovered), "the IMPEX share");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await ResilientLoop.RunAsync(nameof(OutboxDispatcher), async ct =>
        {
            var delivered = await DispatchDueAsync(ct).ConfigureAwait(false);
            if (delivered > 0)
            {
                LogDelivered(logger, delivered);
            }
        }, ct => signal.WaitAsync(IdlePoll, ct), logger, stoppingToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Outbox delivered {Count} message(s)")]
    private static partial void LogDelivered(ILogger logger, int count);
}
