using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;

namespace OrderCapture.Core.Storage;

/// <summary>
/// Everything the worker keeps, as one store: orders and lines, holds, the availability cache, sync
/// state, the outbox, alerts and connectivity transitions. SQLite is the embedded implementation,
/// PostgreSQL the scale-out one (OrderCapture.Storage); every write is durable when the task
/// completes. Services depend on the port they need, not on this: each is registered on its own.
/// </summary>
public interface IOrderStore : IOrderIntake, IOrderQueries, IStoreClock, IAvailabilityCacheStore, IOutboxStore, IAlertStore, IConnectivityLog, IActivityLog,
    IReconciliationStore, ICancellationStore, Retention.IRetentionStore, ICheckMarkStore, IClusterLock
{
}
