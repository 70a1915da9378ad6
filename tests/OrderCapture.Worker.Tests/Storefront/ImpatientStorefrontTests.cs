using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrderCapture.OciSimulator.State;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Storefront;

/// <summary>
/// Invariant 9 as a storefront meets it: every attempt answered within the online budget whatever
/// OCI does, and a caller that times out or disconnects never strands its order. The worker runs
/// with the production resilience settings (10 s per attempt, 3 retries: the old 40 s), so only the
/// budget can be what keeps the answers short.
/// </summary>
public sealed class ImpatientStorefrontTests : WorkerTestBase
{
    /// <summary>Tests allow the budget plus this: the machine is shared; the tight figure belongs to the benchmark.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

    [SetUp]
    public Task StartTheWorkerAsync() => StartWorkerAsync(new Dictionary<string, string>
    {
        ["Oci:Resilience:AttemptTimeout"] = "00:00:10",
        ["Oci:Resilience:MaxRetryAttempts"] = "3",
        ["Oci:Resilience:RetryBaseDelay"] = "00:00:00.200",
        ["Capture:OnlineBudget"] = "00:00:02",
        ["Inventory:DeltaPollInterval"] = "00:01:00",
    });

    private HttpClient ImpatientClient(TimeSpan giveUpAfter)
    {
        var client = new HttpClient { BaseAddress = Worker.Host.BaseUrl, Timeout = giveUpAfter };
        client.DefaultRequestHeaders.Add("X-Api-Key", WorkerTestHost.ApiKey);
        return client;
    }

    private static object Order(string orderNo, decimal quantity) =>
        new { orderNo, site = WorkerTestHost.Site, lines = new[] { new { sku = "SKU-1", quantity } } };

    private async Task<string> StatusOfAsync(string orderNo) =>
        (await Worker.GetJsonAsync($"/api/orders/MySite/{orderNo}")).GetProperty("status").GetString()!;

    [TestCase(FaultMode.Hang, 0)]
    [TestCase(FaultMode.Drop, 0)]
    [TestCase(FaultMode.Latency, 5000)]
    [TestCase(FaultMode.Error503, 0)]
    public async Task Every_answer_comes_within_the_budget_whatever_OCI_does(FaultMode mode, int latencyMs)
    {
        Simulator.Faults.Set(new FaultSettings(mode, TimeSpan.FromMilliseconds(latencyMs), 0));

        var clock = Stopwatch.StartNew();
        using var response = await Worker.Http.PostAsJsonAsync("/api/orders", Order($"budget-{mode}", 2));
        clock.Stop();

        Assert.Multiple(async () =>
        {
            Assert.That(clock.Elapsed, Is.LessThan(Budget + Slack), "the old path took 40 s");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString(), Is.EqualTo("ReservationMissing"));
            Assert.That(await StatusOfAsync($"budget-{mode}"), Is.EqualTo("ReservationMissing"));
            Assert.That((await Worker.AvailabilityAsync()).Held, Is.EqualTo(2m));
        });
    }

    [Test]
    public async Task A_storefront_that_times_out_while_OCI_hangs_gets_the_definite_answer_on_retry_and_nothing_is_held_twice()
    {
        Simulator.Faults.Set(new FaultSettings(FaultMode.Hang, TimeSpan.Zero, 0));
        using (var impatient = ImpatientClient(TimeSpan.FromMilliseconds(500)))
        {
            Assert.That(async () => await impatient.PostAsJsonAsync("/api/orders", Order("gave-up", 2)), Throws.InstanceOf<TaskCanceledException>());
        }

        // The storefront retries with the same order number, as the contract asks.
        var clock = Stopwatch.StartNew();
        using var retry = await Worker.Http.PostAsJsonAsync("/api/orders", Order("gave-up", 2));
        clock.Stop();

        Assert.Multiple(async () =>
        {
            Assert.That(clock.Elapsed, Is.LessThan(Budget + Slack));
            Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the first request created it");
            Assert.That((await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString(), Is.EqualTo("ReservationMissing"));
            Assert.That(await StatusOfAsync("gave-up"), Is.EqualTo("ReservationMissing"), "never left Reserving for good");
            Assert.That((await Worker.AvailabilityAsync()).Held, Is.EqualTo(2m), "held once, not once per request");
        });
    }

    [Test]
    public async Task A_storefront_that_disconnects_mid_attempt_still_gets_its_order_reserved_when_OCI_answers_late()
    {
        Simulator.Faults.Set(new FaultSettings(FaultMode.Latency, TimeSpan.FromMilliseconds(1000), 0));
        using (var impatient = ImpatientClient(TimeSpan.FromMilliseconds(300)))
        {
            Assert.That(async () => await impatient.PostAsJsonAsync("/api/orders", Order("left-early", 3)), Throws.InstanceOf<TaskCanceledException>());
        }

        await WorkerTestHost.WaitUntilAsync(async () => await StatusOfAsync("left-early") != "Reserving", "the attempt settles on the service's time", seconds: 10);
        Simulator.Faults.Set(FaultSettings.None);
        using var retry = await Worker.Http.PostAsJsonAsync("/api/orders", Order("left-early", 3));

        Assert.Multiple(async () =>
        {
            Assert.That(await StatusOfAsync("left-early"), Is.EqualTo("Reserved"));
            Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString(), Is.EqualTo("Reserved"));
            Assert.That(Simulator.State.Reservations(), Has.Count.EqualTo(1), "one document, reserved once");
            Assert.That(Simulator.State.Figures(new SimPlace(SimPlaceType.Group, WorkerTestHost.List), "SKU-1")!.Ato, Is.EqualTo(7m));
        });
    }

    [Test]
    public async Task A_retry_while_the_first_attempt_is_in_flight_waits_for_its_answer()
    {
        Simulator.Faults.Set(new FaultSettings(FaultMode.Latency, TimeSpan.FromMilliseconds(800), 0));

        var first = Worker.Http.PostAsJsonAsync("/api/orders", Order("twice", 1));
        await WorkerTestHost.WaitUntilAsync(async () => (await Worker.Http.GetAsync("/api/orders/MySite/twice")).IsSuccessStatusCode, "the first request holds the order");
        using var second = await Worker.Http.PostAsJsonAsync("/api/orders", Order("twice", 1));
        using var firstAnswer = await first;

        Assert.Multiple(async () =>
        {
            Assert.That(firstAnswer.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the retry gets the first request's answer, not 503");
            Assert.That((await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString(), Is.EqualTo("Reserved"));
            Assert.That(Simulator.State.Reservations(), Has.Count.EqualTo(1));
        });
    }
}
