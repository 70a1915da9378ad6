using System.Runtime.CompilerServices;
using OrderCapture.Core.Orders;

namespace OrderCapture.Core.Storage;

/// <summary>Where a page of orders ended: the next page starts after this order.</summary>
public sealed record OrderCursor(DateTimeOffset CapturedAt, string Site, string OrderNo)
{
    public static OrderCursor After(Order order) => new(order.CapturedAt, order.Site, order.OrderNo);
}

/// <summary>Every order since a moment, page by page, so memory stays flat however many there are.</summary>
public static class OrderPages
{
    public const int PageSize = 500;

    public static async IAsyncEnumerable<Order> StreamOrdersAsync(this IOrderQueries store, DateTimeOffset since, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        OrderCursor? after = null;
        while (true)
        {
            var page = await store.ListOrdersPageAsync(since, after, PageSize, cancellationToken).ConfigureAwait(false);
            foreach (var order in page)
            {
                yield return order;
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            after = OrderCursor.After(page[^1]);
        }
    }
}
