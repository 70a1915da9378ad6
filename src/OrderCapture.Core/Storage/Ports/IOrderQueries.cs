using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;

namespace OrderCapture.Core.Storage;

/// <summary>Reading orders: one, a list, every one since a moment page by page, counts, and what the consistency check compares.</summary>
public interface IOrderQueries
{
    Task<Order?> GetOrderAsync(string site, string orderNo, CancellationToken cancellationToken);

    Task<IReadOnlyList<Order>> ListOrdersAsync(OrderStatus? status, string? site, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// One page of orders captured at or after <paramref name="since"/>, in capture order, after
    /// <paramref name="after"/> (null: from the start): a reader of every order walks them page by
    /// page (<see cref="OrderPages"/>) instead of loading them all.
    /// </summary>
    Task<IReadOnlyList<Order>> ListOrdersPageAsync(DateTimeOffset since, OrderCursor? after, int max, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<OrderStatus, long>> CountByStatusAsync(CancellationToken cancellationToken);

    /// <summary>
    /// A screen's read, bounded whatever the store holds: the newest <paramref name="limit"/> orders in
    /// <paramref name="status"/> (by capture time), each with at most <paramref name="linesPerOrder"/>
    /// lines (with <paramref name="shortLinesOnly"/>, only lines not reserved in full) and whether
    /// it has more. Two statements, none per order, each reading no more than it returns.
    /// </summary>
    Task<IReadOnlyList<OrderExcerpt>> ListNewestAsync(OrderStatus status, int limit, int linesPerOrder, bool shortLinesOnly, CancellationToken cancellationToken);

    /// <summary>Orders in one status; costs as much as that status holds (for the queue, not for finished orders).</summary>
    Task<long> CountAsync(OrderStatus status, CancellationToken cancellationToken);

    /// <summary>Holds and pending reports as the consistency check sees them.</summary>
    Task<ConsistencyFacts> GetConsistencyFactsAsync(CancellationToken cancellationToken);
}

/// <summary>What the consistency check needs from the store, read in one go.</summary>
public sealed record ConsistencyFacts(
    IReadOnlySet<(string Site, string OrderNo)> QueuedWithOpenHold,
    IReadOnlyList<(string Site, string OrderNo)> HoldsWithoutOrder,
    IReadOnlySet<(Reports.ReportKind Kind, string Site, string OrderNo)> PendingReports);

/// <summary>An order with some of its lines (<see cref="IOrderQueries.ListNewestAsync"/>), and whether it has more such lines.</summary>
public sealed record OrderExcerpt(Orders.Order Order, bool MoreLines);
