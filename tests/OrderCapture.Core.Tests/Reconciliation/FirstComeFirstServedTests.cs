using System.Collections.Concurrent;
using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Reconciliation;

namespace OrderCapture.Core.Tests.Reconciliation;

/// <summary>Invariant 11 as a rule: who may be claimed, and in which order a batch goes to OCI.</summary>
public sealed class FirstComeFirstServedTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static Order Order(int n, params string[] skus) =>
        new("MySite", $"o-{n}", OrderStatus.ReservationMissing, T0.AddSeconds(n), [.. skus.Select(s => new OrderLine(s, "MySiteInventory", PlaceType.Group, 1))]);

    [Test]
    public void A_candidate_sharing_stock_with_an_older_order_out_of_reach_waits_and_so_does_the_next_one_behind_it()
    {
        var candidates = new[] { Order(2, "A"), Order(3, "B"), Order(4, "A", "C"), Order(5, "C"), Order(6, "D") };
        var waiting = new[] { Order(1, "A") };

        var taken = FirstComeFirstServed.Claimable(candidates, waiting, scope: null);

        Assert.That(taken.Select(o => o.OrderNo), Is.EqualTo(new[] { "o-3", "o-6" }),
            "o-2 and o-4 wait behind o-1 on A; o-5 waits behind o-4 on C");
    }

    [Test]
    public void A_waiting_order_holds_back_only_the_candidates_younger_than_itself()
    {
        var candidates = new[] { Order(1, "A"), Order(3, "A") };
        var waiting = new[] { Order(2, "A") };

        Assert.That(FirstComeFirstServed.Claimable(candidates, waiting, scope: null).Select(o => o.OrderNo), Is.EqualTo(new[] { "o-1" }));
    }

    [Test]
    public void With_nothing_out_of_reach_every_candidate_is_taken() =>
        Assert.That(FirstComeFirstServed.Claimable([Order(1, "A"), Order(2, "A")], [], scope: null), Has.Count.EqualTo(2));

    [Test]
    public async Task Orders_on_the_same_stock_run_one_after_another_in_capture_order_and_the_rest_in_parallel()
    {
        var batch = Enumerable.Range(0, 60).Select(i => Order(i, $"SKU-{i % 3}", i % 10 == 0 ? "SKU-X" : $"OWN-{i}")).ToList();
        var started = new ConcurrentQueue<string>();
        var running = new ConcurrentDictionary<string, int>();
        var overlap = 0;
        var peak = 0;
        var now = 0;

        await FirstComeFirstServed.RunInOrderAsync(batch, scope: null, maxParallel: 8, async (order, ct) =>
        {
            started.Enqueue(order.OrderNo);
            peak = Math.Max(peak, Interlocked.Increment(ref now));
            foreach (var line in order.Lines)
            {
                if (running.AddOrUpdate(line.Sku, 1, (_, v) => v + 1) > 1)
                {
                    Interlocked.Increment(ref overlap);
                }
            }

            await Task.Delay(Random.Shared.Next(1, 5), ct);
            foreach (var line in order.Lines)
            {
                running.AddOrUpdate(line.Sku, 0, (_, v) => v - 1);
            }

            Interlocked.Decrement(ref now);
        }, CancellationToken.None);

        var order = started.ToList();
        Assert.Multiple(() =>
        {
            Assert.That(overlap, Is.Zero, "two orders on the same stock were never at OCI together");
            foreach (var sku in new[] { "SKU-0", "SKU-1", "SKU-2", "SKU-X" })
            {
                var onSku = batch.Where(o => o.Lines.Any(l => l.Sku == sku)).Select(o => o.OrderNo).ToList();
                Assert.That(order.Where(onSku.Contains), Is.EqualTo(onSku), $"{sku}: in capture order");
            }

            Assert.That(peak, Is.GreaterThan(1), "orders with nothing in common went in parallel");
            Assert.That(peak, Is.LessThanOrEqualTo(8));
        });
    }

    [Test]
    public void A_failed_order_stops_the_orders_waiting_for_it_and_not_the_others()
    {
        var batch = new[] { Order(1, "A"), Order(2, "A"), Order(3, "B") };
        var ran = new ConcurrentBag<string>();

        Assert.ThrowsAsync<InvalidOperationException>(() => FirstComeFirstServed.RunInOrderAsync(batch, scope: null, 4, async (order, ct) =>
        {
            await Task.Yield();
            if (order.OrderNo == "o-1")
            {
                throw new InvalidOperationException("OCI said something unexpected");
            }

            ran.Add(order.OrderNo);
        }, CancellationToken.None));

        Assert.That(ran, Is.EquivalentTo(new[] { "o-3" }));
    }
}
