using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;

namespace OrderCapture.Core.Storage;

/// <summary>The one clock whatever several instances compare is stamped from.</summary>
public interface IStoreClock
{
    /// <summary>
    /// The store's clock: the database server's on PostgreSQL, the process's on SQLite. Whatever is
    /// compared across instances is stamped from it — a poll's <c>fetched_at</c> and a reservation's
    /// <c>replaced_at</c> (invariant 3) — so one instance's skewed clock cannot retire another's hold early.
    /// </summary>
    Task<DateTimeOffset> NowAsync(CancellationToken cancellationToken);
}
