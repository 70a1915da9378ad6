using System.Net;
using System.Text.Json;
using OrderCapture.Testing;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.ScaleOut;

/// <summary>With the database down, capture refuses rather than accept an order it cannot keep.</summary>
public sealed class DatabaseOutageTests : WorkerTestBase
{
    private async Task<(HttpStatusCode Status, JsonElement Body)> ReadyzAsync()
    {
        using var response = await Worker.Http.GetAsync("/readyz");
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    [Test]
    public async Task With_the_database_down_an_order_is_refused_readyz_is_unready_and_nothing_accepted_is_lost()
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

        var readyBefore = await ReadyzAsync();
        await cluster.StopServerAsync();
        using var during = await Worker.PostOrderAsync("during", ("SKU-1", 1));
        var problem = JsonDocument.Parse(await during.Content.ReadAsStringAsync()).RootElement;
        var readyDuring = await ReadyzAsync();
        using var live = await Worker.Http.GetAsync("/healthz");
        await cluster.StartServerAsync();
        using var retried = await Worker.PostOrderAsync("during", ("SKU-1", 1));
        (HttpStatusCode Status, JsonElement Body) readyAfter = default;
        await WorkerTestHost.WaitUntilAsync(async () => (readyAfter = await ReadyzAsync()).Status == HttpStatusCode.OK, "ready again once the database is back", seconds: 30);
        var orders = await Worker.Store.ListOrdersAsync(null, null, 10, CancellationToken.None);

        // Stop the worker while its database is still there: with the database gone for good,
        // Quartz's clustered store does not finish shutting down (see docs/scale-out.md).
        await Worker.DisposeAsync();
        Worker = null!;

        Assert.Multiple(() =>
        {
            Assert.That(readyBefore.Status, Is.EqualTo(HttpStatusCode.OK), readyBefore.Body.ToString());
            Assert.That(readyBefore.Body.GetProperty("checks").GetProperty("cache").GetProperty("status").GetString(), Is.EqualTo("Healthy"), "OCI offline is not unready");
            Assert.That(readyDuring.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(readyDuring.Body.GetProperty("checks").GetProperty("store").GetProperty("status").GetString(), Is.EqualTo("Unhealthy"));
            Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK), "alive all along");
            Assert.That(readyAfter.Body.GetProperty("checks").GetProperty("store").GetProperty("status").GetString(), Is.EqualTo("Healthy"));
            Assert.That(during.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(problem.GetProperty("error").GetString(), Is.EqualTo("store_unavailable"));
            Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.Created), "the storefront's retry is taken once the database is back");
            Assert.That(orders.Select(o => o.OrderNo), Is.EquivalentTo(new[] { "before", "during" }));
        });
    }
}
