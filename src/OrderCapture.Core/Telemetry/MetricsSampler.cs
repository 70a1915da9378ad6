using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrderCapture.Core.Connectivity;
using OrderCapture.Core.Hosting;
using OrderCapture.Core.Oci;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Storage;

namespace OrderCapture.Core.Telemetry;

/// <summary>
/// Refreshes the gauges' snapshot from the store every <see cref="Interval"/>, so scrapes cost nothing,
/// and writes the <see cref="ActivityTimeline"/>'s counts for the status page's charts.
/// </summary>
public sealed class MetricsSampler(
    IActivityLog activityLog, IAvailabilityCacheStore cache, IOrderQueries orders, IOutboxStore outboxStore, OciConnectivity connectivity, OciCircuit circuit, OrderCaptureMetrics metrics, ActivityTimeline timeline, TimeProvider time, ILogger<MetricsSampler> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <summary>Every kind is reported, 0 when nothing waits, so a dashboard's series never vanish.</summary>
    private static readonly string[] OutboxKinds = [OutboxMessage.WorkFile, OutboxMessage.OrderManagementPush, OutboxMessage.OciCancel, Alerts.AlertPush.OutboxKind];

    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var queued = await orders.CountAsync(OrderStatus.ReservationMissing, cancellationToken).ConfigureAwait(false);
        var oldest = await orders.ListOrdersAsync(OrderStatus.ReservationMissing, null, 1, cancellationToken).ConfigureAwait(false);
        var outbox = await outboxStore.OutboxBacklogAsync(cancellationToken).ConfigureAwait(false);
        var lists = await cache.GetSyncStatesAsync(cancellationToken).ConfigureAwait(false);
        metrics.Observe(new StateSnapshot(
            queued,
            oldest is [var o] ? now - o.CapturedAt : TimeSpan.Zero,
            [.. OutboxKinds.Union(outbox.Select(b => b.Kind)).Select(kind => outbox.FirstOrDefault(b => b.Kind == kind) is { } b
                ? (kind, b.Count, now - b.OldestCreatedAt)
                : (kind, 0L, TimeSpan.Zero))],
            [.. lists.Where(l => l.FetchedAt is not null).Select(l => (l.InventoryListId, now - l.FetchedAt!.Value))],
            circuit.IsOpen,
            connectivity.State.ToString().ToLowerInvariant()));

        // The status page's day: this interval's counts, the queue and OCI's state, into the minute's row.
        await activityLog.RecordActivityAsync(timeline.TakeMinute(now, queued, connectivity.State),
            now - ActivityTimeline.Kept, cancellationToken).ConfigureAwait(false);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        connectivity.Changed += (transition, _) =>
        {
            timeline.Seen(transition.To);
            return Task.CompletedTask;
        };
        return ResilientLoop.RunAsync(nameof(MetricsSampler), SampleAsync, ct => Task.Delay(Interval, time, ct), logger, time, stoppingToken);
    }
}
