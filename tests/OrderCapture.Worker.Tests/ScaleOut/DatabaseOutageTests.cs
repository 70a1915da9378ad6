using System.Net;
using System.Text.Json;
using OrderCapture.Testing;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.ScaleOut;

/// <summary>With the database down, capture refuses rather than accept an order it cannot keep.</summary>
public sealed class DatabaseOutageTests : WorkerTestBase
{
    [Test]
    public async Task With_the_database_down_an_order_is_refused_and_nothing_accepted_is_lost()
    {
        // A cluster of its own: this test stops it.
        await using var cluster = await PostgresCluster.StartAsync();
        Worker = await WorkerTestHost.StartAsync(Simulator, Folder, new Dictionary<string, string>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:ConnectionString"] = await cluster.CreateDatabaseAsync() + ";Timeout=2",
        });
        await Worker.WaitForCacheAsync();
        await Worker.CutOciAsync(Simulator);
        using (var before = await Worker.PostOrderAsync("before", ("SKU-1", 1)))
        {
            Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        await cluster.StopServerAsync();
        using var during = await Worker.PostOrderAsync("during", ("SKU-1", 1));
        var problem = JsonDocument.Parse(await during.Content.ReadAsStringAsync()).RootElement;
        await cluster.StartServerAsync();
        using var retried = await Worker.PostOrderAsync("during", ("SKU-1", 1));
        var orders = await Worker.Store.ListOrdersAsync(null, null, 10, CancellationToken.None);

        // Stop the worker while its database is still there: with the database gone for good,
        // Quartz's clustered store does not finish shutting down (see docs/scale-out.md).
        await Worker.DisposeAsync();
        Worker = null!;

        Assert.Multiple(() =>
        {
            Assert.That(during.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(problem.GetProperty("error").GetString(), Is.EqualTo("store_unavailable"));
            Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.Created), "the storefront's retry is taken once the database is back");
            Assert.That(orders.Select(o => o.OrderNo), Is.EquivalentTo(new[] { "before", "during" }));
        });
    }
}
