using Microsoft.Extensions.Hosting;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Reports;
using OrderCapture.Core.Storage;

namespace OrderCapture.Core.Capture;

/// <summary>
/// At start, orders left Reserving by a crash mid-attempt join the Reservation Missing queue:
/// OCI may have reserved them, and reconciliation replays the online request under the same
/// reservation id to find out (see <see cref="Reconciliation.ReconciliationService"/>).
/// </summary>
public sealed class CaptureRecovery(IOrderStore store, WorkFiles workFiles) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var order in await store.ListOrdersAsync(OrderStatus.Reserving, site: null, int.MaxValue, cancellationToken).ConfigureAwait(false))
        {
            var missing = order with { Status = OrderStatus.ReservationMissing };
            await store.FallBackOfflineAsync(order.Site, order.OrderNo, workFiles.Offline(missing), cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
