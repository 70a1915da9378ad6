using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using OrderCapture.Storage.Sqlite;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Security;

/// <summary>
/// A flood meets a bounded queue: what does not fit is told "busy" at once and retried, not queued in
/// memory; a store that cannot write answers every caller quickly. Nothing accepted is lost.
/// </summary>
public sealed class FloodTests : WorkerTestBase
{
    protected override OciSimulator.State.InventorySeed Seed => WorkerTestHost.Seed(10_000);

    [Test]
    public async Task A_flood_past_the_write_queue_gets_503_busy_at_once_and_every_retried_order_is_taken_once()
    {
        var faults = new SqliteWriterFaults();
        Worker = await WorkerTestHost.StartAsync(Simulator, Folder, new Dictionary<string, string> { ["Storage:MaxQueuedWrites"] = "16" },
            services => services.AddSingleton(faults));
        await Worker.WaitForCacheAsync();
        await Worker.CutOciAsync(Simulator);

        // The disk stalls: the commit waits until the flood has been told "busy" at least once (or 10 s),
        // so writes pile up behind it past the queue's bound.
        using var busySeen = new ManualResetEventSlim();
        faults.Set(step =>
        {
            if (step == SqliteWriterStep.Commit)
            {
                busySeen.Wait(TimeSpan.FromSeconds(10));
            }

            return null;
        });
        var numbers = Enumerable.Range(0, 200).Select(i => $"flood-{i}").ToList();
        var first = await Task.WhenAll(numbers.Select(async n =>
        {
            using var response = await Worker.PostOrderAsync(n, ("SKU-1", 1));
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                busySeen.Set();
            }

            return (Number: n, response.StatusCode, Body: body);
        }));
        faults.Set(_ => null);

        // The storefront retries what was not taken, with the same number, until it is.
        var retried = first.Where(a => a.StatusCode == HttpStatusCode.ServiceUnavailable).Select(a => a.Number).ToList();
        foreach (var number in retried)
        {
            using var again = await Worker.PostOrderAsync(number, ("SKU-1", 1));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Created), number);
        }

        var orders = await Worker.Store.ListOrdersAsync(null, null, 1000, CancellationToken.None);
        var availability = await Worker.AvailabilityAsync();
        Assert.Multiple(() =>
        {
            Assert.That(first.Select(a => a.StatusCode), Has.All.AnyOf(HttpStatusCode.Created, HttpStatusCode.ServiceUnavailable));
            Assert.That(retried, Is.Not.Empty, "the queue filled");
            Assert.That(first.Where(a => a.StatusCode == HttpStatusCode.ServiceUnavailable).Select(a => a.Body), Has.All.Contain("\"busy\""));
            Assert.That(orders.Select(o => o.OrderNo), Is.EquivalentTo(numbers), "every order once");
            Assert.That(availability.Held, Is.EqualTo(200m), "one hold each");
        });
    }

    [TestCase("Begin")]
    [TestCase("Commit")]
    public async Task A_store_that_cannot_write_answers_a_capture_503_within_a_second(string stepName)
    {
        var step = Enum.Parse<SqliteWriterStep>(stepName);
        var faults = new SqliteWriterFaults();
        Worker = await WorkerTestHost.StartAsync(Simulator, Folder, configureServices: services => services.AddSingleton(faults));
        await Worker.WaitForCacheAsync();
        await Worker.CutOciAsync(Simulator);
        faults.Set(s => s == step ? new SqliteException("disk I/O error", 10) : null);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(async i =>
        {
            using var response = await Worker.PostOrderAsync($"io-{i}", ("SKU-1", 1));
            return response.StatusCode;
        }));
        var took = clock.Elapsed;
        faults.Set(_ => null);
        using var later = await Worker.PostOrderAsync("io-later", ("SKU-1", 1));

        Assert.Multiple(() =>
        {
            Assert.That(answers, Has.All.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(took, Is.LessThan(TimeSpan.FromSeconds(1)));
            Assert.That(later.StatusCode, Is.EqualTo(HttpStatusCode.Created), "the store writes again once the disk does");
        });
    }

    [Test]
    public async Task A_request_with_more_headers_than_the_limit_is_refused_before_it_reaches_the_service()
    {
        await StartWorkerAsync(new Dictionary<string, string> { ["Http:MaxRequestHeaderCount"] = "16" });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/status");
        for (var i = 0; i < 40; i++)
        {
            request.Headers.Add($"X-Padding-{i}", "x");
        }

        using var refused = await Worker.Http.SendAsync(request);
        using var fine = await Worker.Http.GetAsync("/api/status");

        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.RequestHeaderFieldsTooLarge));
            Assert.That(fine.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }
}
