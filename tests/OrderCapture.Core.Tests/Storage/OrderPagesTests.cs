using OrderCapture.Core.Storage;
using OrderCapture.Core.Tests.Support;

namespace OrderCapture.Core.Tests.Storage;

/// <summary>Streaming every order page by page: each once, in capture order, ties broken by site and number; on both stores.</summary>
[TestFixture(StorageProvider.Sqlite)]
[TestFixture(StorageProvider.Postgres)]
public sealed class OrderPagesTests(StorageProvider provider) : StoreTestBase(provider)
{

    protected override Task SeedAsync(TempStore store) => store.SeedAsync(1_000_000, "SKU-1");

    [Test]
    public async Task Streaming_visits_every_order_once_across_pages_and_since_skips_the_older_ones()
    {
        var total = (OrderPages.PageSize * 2) + 7;
        var writes = new List<Task>();
        for (var i = 0; i < total; i++)
        {
            if (i % 3 == 0)
            {
                Temp.Clock.Advance(TimeSpan.FromMilliseconds(10)); // three orders per capture time: the ties need the key
            }

            writes.Add(Temp.Store.TryAcceptAsync(Temp.Order($"o{i:D5}", 1), plan: null, null, attempt: null, headroom: null, CancellationToken.None));
            if (writes.Count == 32)
            {
                await Task.WhenAll(writes); // within the connection pool, however slow the machine
                writes.Clear();
            }
        }

        await Task.WhenAll(writes);
        var all = new List<string>();
        await foreach (var order in Temp.Store.StreamOrdersAsync(DateTimeOffset.MinValue, CancellationToken.None))
        {
            all.Add(order.OrderNo);
        }

        var cut = (await Temp.Store.GetOrderAsync("MySite", "o00600", CancellationToken.None))!.CapturedAt;
        var since = new List<string>();
        await foreach (var order in Temp.Store.StreamOrdersAsync(cut, CancellationToken.None))
        {
            since.Add(order.OrderNo);
        }

        Assert.Multiple(() =>
        {
            Assert.That(all, Is.EqualTo(Enumerable.Range(0, total).Select(i => $"o{i:D5}")));
            Assert.That(since, Is.EqualTo(Enumerable.Range(600, total - 600).Select(i => $"o{i:D5}")));
        });
    }
}
