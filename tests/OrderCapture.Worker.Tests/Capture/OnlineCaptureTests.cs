using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrderCapture.OciSimulator;
using OrderCapture.OciSimulator.State;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Capture;

public sealed class OnlineCaptureTests : WorkerTestBase
{
    protected override InventorySeed Seed => WorkerTestHost.Seed(10, "SKU-1", "SKU-2");

    // A slow delta poll, so the only OCI call during a test is the one the test is about.
    [SetUp]
    public Task StartTheWorkerAsync() => StartWorkerAsync(new Dictionary<string, string> { ["Inventory:DeltaPollInterval"] = "00:01:00" });

    [Test]
    public async Task An_online_order_is_reserved_at_OCI_under_its_deterministic_id()
    {
        using var response = await Worker.PostOrderAsync("on-1", ("SKU-1", 3));

        var order = await Worker.GetJsonAsync("/api/orders/MySite/on-1");
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString(), Is.EqualTo("Reserved"));
            Assert.That(Simulator.State.Reservations().Select(r => r.Id), Is.EqualTo(new[] { order.GetProperty("reservationId").GetString() }));
            Assert.That(Simulator.State.Figures(new SimPlace(SimPlaceType.Group, WorkerTestHost.List), "SKU-1")!.Ato, Is.EqualTo(7m));
            Assert.That((await Worker.AvailabilityAsync()).Effective, Is.EqualTo(7m), "the cache is decremented at once, before the next delta");
        });
    }

    [Test]
    public async Task The_online_request_can_be_rebuilt_from_the_stored_order_byte_for_byte()
    {
        // What a replay after a crash relies on: the same body, or OCI answers 409 EntityExists.
        using var response = await Worker.PostOrderAsync("rebuilt", ("SKU-1", 1), ("SKU-2", 2));
        var stored = (await Worker.Store.GetOrderAsync(WorkerTestHost.Site, "rebuilt", CancellationToken.None))!;
        var rebuilt = JsonSerializer.Serialize(OrderCapture.Core.Capture.OciReservations.AllOrNothing(stored), OrderCapture.Core.Oci.Contracts.OciJsonContext.Default.ReservationRequest);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(Simulator.State.Reservations().Single().RequestJson), System.Text.Json.Nodes.JsonNode.Parse(rebuilt)), Is.True,
                () => $"sent {Simulator.State.Reservations().Single().RequestJson}\nrebuilt {rebuilt}");
        });
    }

    [Test]
    public async Task An_outage_in_the_middle_of_an_online_attempt_ends_as_ReservationMissing()
    {
        // Both attempts of the reservation PUT (one retry) find the connection dropped.
        Simulator.Faults.Set(new FaultSettings(FaultMode.Drop, TimeSpan.Zero, 0, Count: 2));

        using var response = await Worker.PostOrderAsync("mid-1", ("SKU-1", 2));

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString(), Is.EqualTo("ReservationMissing"));
            // Offline, or already recovering: the fault ends after two drops and probes may run meanwhile.
            Assert.That(await Worker.OciStateAsync(), Is.AnyOf("offline", "recovering"), "the outage took the worker offline");
            Assert.That((await Worker.GetJsonAsync("/api/orders/MySite/mid-1")).GetProperty("status").GetString(), Is.EqualTo("ReservationMissing"));
            Assert.That((await Worker.AvailabilityAsync()).Held, Is.EqualTo(2m));
        });
    }

    [Test]
    public async Task An_order_OCI_cannot_fill_is_refused_and_leaves_nothing_behind()
    {
        Simulator.State.Consume(new SimPlace(SimPlaceType.Location, "warehouse-1"), "SKU-2", 9); // another channel; the cache still says 10

        using var response = await Worker.PostOrderAsync("short-1", ("SKU-1", 1), ("SKU-2", 5));

        using var lookup = await Worker.Http.GetAsync("/api/orders/MySite/short-1");
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(lookup.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await Worker.AvailabilityAsync()).Held, Is.Zero);
            Assert.That(Simulator.State.Reservations().Single().Cancelled, Is.True, "the line that fitted is given back");
            Assert.That(Simulator.State.Figures(new SimPlace(SimPlaceType.Group, WorkerTestHost.List), "SKU-1")!.Ato, Is.EqualTo(10m));
        });
    }

    [Test]
    public async Task A_refused_order_whose_cancel_OCI_does_not_answer_is_cancelled_once_OCI_is_back()
    {
        Simulator.State.Consume(new SimPlace(SimPlaceType.Location, "warehouse-1"), "SKU-2", 9);
        // The reservation PUT is answered (short); from then on OCI is down, so the cancel fails.
        Simulator.Faults.Set(new FaultSettings(FaultMode.Error503, TimeSpan.Zero, 0, After: 1));

        using var response = await Worker.PostOrderAsync("short-2", ("SKU-1", 1), ("SKU-2", 5));
        // A deadline, not a timing claim: the alert follows the third failed delivery, after two back-offs.
        await WorkerTestHost.WaitUntilAsync(async () => (await Worker.Store.ListAlertsAsync(null, 100, CancellationToken.None)).Any(a => a.Kind == "oci_cancel_pending"), "the pending cancel is alerted", seconds: 60);
        var whileDown = Simulator.State.Reservations().Single();

        Simulator.Faults.Set(FaultSettings.None);
        await WorkerTestHost.WaitUntilAsync(async () => await Worker.Store.PendingOutboxCountAsync(CancellationToken.None) == 0, "the queued cancel is delivered", seconds: 30);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(whileDown.Cancelled, Is.False);
            Assert.That(Simulator.State.Reservations().Single().Cancelled, Is.True);
            Assert.That(Simulator.State.Figures(new SimPlace(SimPlaceType.Group, WorkerTestHost.List), "SKU-1")!.Ato, Is.EqualTo(10m), "the line that fitted is given back");
        });
    }
}
