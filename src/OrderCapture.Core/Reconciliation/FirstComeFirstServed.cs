using OrderCapture.Core.Orders;
using OrderCapture.Core.Places;

namespace OrderCapture.Core.Reconciliation;

/// <summary>
/// Invariant 11: on recovery an order never gets stock an earlier queued order is still waiting for.
/// Orders that draw on the same stock go to OCI in capture order, each after the earlier one's
/// answer; orders with nothing in common go in parallel. Written once here; the stores only hand
/// over the orders a claim found and the older ones still out of its reach.
/// </summary>
public static class FirstComeFirstServed
{
    /// <summary>
    /// The stock an order draws on: each (list, SKU) its holds count against in <paramref name="scope"/>
    /// (a pick-up line also draws on its store's groups); without a scope, each (list, SKU) of its lines.
    /// </summary>
    public static IReadOnlySet<(string List, string Sku)> StockOf(Order order, PlaceScope? scope) =>
        scope?.StockOf(order) ?? order.Lines.Select(l => (l.InventoryListId, l.Sku)).ToHashSet();

    /// <summary>
    /// Which of <paramref name="candidates"/> (oldest first) a claim may take, given
    /// <paramref name="waiting"/>: queued orders it cannot take now (another run holds them, or a
    /// stopped run's PUT may still land, or they are of another site). A candidate that shares stock
    /// with a waiting order older than itself, or with a candidate already left out, waits for a later claim.
    /// </summary>
    public static IReadOnlyList<Order> Claimable(IReadOnlyList<Order> candidates, IEnumerable<Order> waiting, PlaceScope? scope)
    {
        var older = waiting.Select(o => (Key: ClaimKey(o), Order: o)).OrderBy(w => w.Key, Comparer<(long, string, string)>.Create((a, b) => CompareClaimKeys(a, b))).ToList();
        var next = 0;
        var blocked = new HashSet<(string, string)>();
        var taken = new List<Order>(candidates.Count);
        foreach (var candidate in candidates)
        {
            for (var key = ClaimKey(candidate); next < older.Count && CompareClaimKeys(older[next].Key, key) < 0; next++)
            {
                blocked.UnionWith(StockOf(older[next].Order, scope));
            }

            var stock = StockOf(candidate, scope);
            if (stock.Overlaps(blocked))
            {
                blocked.UnionWith(stock);
            }
            else
            {
                taken.Add(candidate);
            }
        }

        return taken;
    }

    /// <summary>
    /// An order's place in the order a queue is claimed in: capture time in milliseconds, then site
    /// and order number compared bytewise (names are ASCII; the stores sort them the same way).
    /// </summary>
    public static (long At, string Site, string OrderNo) ClaimKey(Order order) => (order.CapturedAt.ToUnixTimeMilliseconds(), order.Site, order.OrderNo);

    /// <summary>Compares two <see cref="ClaimKey"/>s: below zero when <paramref name="x"/> is claimed first.</summary>
    public static int CompareClaimKeys((long At, string Site, string OrderNo) x, (long At, string Site, string OrderNo) y) =>
        x.At != y.At ? x.At.CompareTo(y.At)
        : string.CompareOrdinal(x.Site, y.Site) is var bySite and not 0 ? bySite
        : string.CompareOrdinal(x.OrderNo, y.OrderNo);

    /// <summary>
    /// Runs <paramref name="work"/> for each order of <paramref name="batch"/> (oldest first): an order
    /// starts only after every earlier order sharing stock with it has finished, and at most
    /// <paramref name="maxParallel"/> run at once. The outcome equals running the batch one order at
    /// a time, oldest first. A failed or cancelled order stops the orders that wait for it.
    /// </summary>
    public static async Task RunInOrderAsync(IReadOnlyList<Order> batch, PlaceScope? scope, int maxParallel, Func<Order, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(maxParallel, maxParallel);
        var lastOnStock = new Dictionary<(string, string), Task>();
        var all = new List<Task>(batch.Count);
        foreach (var order in batch)
        {
            var stock = StockOf(order, scope);
            var before = stock.Select(s => lastOnStock.GetValueOrDefault(s)).OfType<Task>().Distinct().ToArray();
            var task = RunAfterAsync(before, order, slots, work, cancellationToken);
            foreach (var s in stock)
            {
                lastOnStock[s] = task;
            }

            all.Add(task);
        }

        await Task.WhenAll(all).ConfigureAwait(false);
    }

    private static async Task RunAfterAsync(Task[] before, Order order, SemaphoreSlim slots, Func<Order, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        // The predecessors first, without a slot: a task that holds a slot never waits for another.
        await Task.WhenAll(before).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await work(order, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            slots.Release();
        }
    }
}
