using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrderCapture.Core.Alerts;
using OrderCapture.Core.Orders;
using OrderCapture.OciSimulator;
using OrderCapture.OciSimulator.State;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Reconciliation;

/// <summary>
/// OCI as its spec reads: a PUT on an id that already has a document is 409 EntityExists, whatever
/// the body (<c>Simulator:RepeatedPut=Conflict</c>). An answer lost to a timeout must not become an
/// operator's job: the worker reads the document back from the reservations export.
/// </summary>
public sealed class RepeatedPutTests : WorkerTestBase
{
    protected override SimulatorOptions SimulatorOptions => new() { ExportDelay = TimeSpan.Zero, RepeatedPut = RepeatedPutAnswer.Conflict };

    protected override InventorySeed Seed => WorkerTestHost.Seed(100);

    private async Task<string> StatusOfAsync(string orderNo) =>
        (await Worker.GetJsonAsync($"/api/orders/MySite/{orderNo}")).GetProperty("status").GetString()!;

    private async Task WaitForEmptyQueueAsync() => await WorkerTestHost.WaitUntilAsync(async () =>
        (await Worker.GetJsonAsync("/api/status")).GetProperty("queue").GetProperty("reservationMissing").GetInt64() == 0, "the queue is empty", seconds: 60);

    /// <summary>A document under the order's id, made at OCI as a PUT whose answer never came back would have made it.</summary>
    private void Landed(string orderNo, decimal quantity, DateTimeOffset? reservationTime = null)
    {
        var request = new SimReservationRequest
        {
            ExternalRefId = $"MySite-{orderNo}",
            ReservationTime = reservationTime,
            Groups = [new SimReservationPlace(WorkerTestHost.List, [new SimReservationLine("SKU-1", quantity)])],
        };
        var answer = Simulator.State.CreateReservation(ReservationIds.For(WorkerTestHost.Site, orderNo), JsonSerializer.Serialize(request), request);
        Assert.That(answer.Status, Is.EqualTo(200));
    }

    [Test]
    public async Task An_online_answer_lost_after_OCI_reserved_is_read_back_from_the_export_and_never_sent_to_review()
    {
        // No delta poll in between: the next request to OCI is the order's PUT.
        await StartWorkerAsync(new Dictionary<string, string>
        {
            ["Inventory:DeltaPollInterval"] = "00:10:00",
            // The order is claimed once its attempt's PUT could no longer land; runs come every second.
            ["Capture:OnlineBudget"] = "00:00:00.500",
            ["Capture:AttemptLease"] = "00:00:02",
            ["Reconciliation:Schedule"] = "0/1 * * * * ?",
        });
        // OCI reserves, and the answer is lost on the way back (one request: the PUT).
        Simulator.Faults.Set(new FaultSettings(FaultMode.LostAnswer, TimeSpan.Zero, 0, Count: 1));

        using var answer = await Worker.PostOrderAsync("late", ("SKU-1", 3));
        Assert.Multiple(async () =>
        {
            Assert.That((await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString(), Is.EqualTo("ReservationMissing"));
            Assert.That(Simulator.State.Reservations(), Has.Count.EqualTo(1), "OCI did reserve");
        });
        await WaitForEmptyQueueAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(await StatusOfAsync("late"), Is.EqualTo("CompletelyReserved"));
            Assert.That(Simulator.State.Reservations(), Has.Count.EqualTo(1), "one document");
            Assert.That(Simulator.Stats.Get("createReservation", 409), Is.GreaterThanOrEqualTo(1), "OCI answered the repeated PUT with a conflict");
            Assert.That(Simulator.Stats.Get("initiateReservationsExport"), Is.GreaterThanOrEqualTo(1), "the document was read back");
        });
    }

    [Test]
    public async Task Many_lost_answers_in_one_brown_out_cost_a_few_exports_not_one_per_order()
    {
        await StartWorkerAsync();
        await Worker.CutOciAsync(Simulator);
        for (var i = 0; i < 20; i++)
        {
            using var queued = await Worker.PostOrderAsync($"lost-{i:D2}", ("SKU-1", 2));
            Assert.That(queued.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Landed($"lost-{i:D2}", i % 4 == 0 ? 1 : 2); // every fourth got only part of it
        }

        Simulator.Faults.Set(FaultSettings.None);
        await WaitForEmptyQueueAsync();
        var orders = await Worker.Store.ListOrdersAsync(null, null, 100, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(orders.Count(o => o.Status == OrderStatus.CompletelyReserved), Is.EqualTo(15));
            Assert.That(orders.Count(o => o.Status == OrderStatus.PartiallyReserved), Is.EqualTo(5), "the document's quantities, not the order's");
            Assert.That(orders.Where(o => o.Status == OrderStatus.PartiallyReserved).Select(o => o.Lines.Single().ReservedQuantity), Is.All.EqualTo(1m));
            Assert.That(Simulator.Stats.Get("initiateReservationsExport"), Is.InRange(2, 4), "one open and one closed export for the batch");
            Assert.That(Simulator.State.Reservations(), Has.Count.EqualTo(20));
        });
    }

    [Test]
    public async Task A_document_the_export_never_lists_goes_to_review_after_three_runs_with_an_alert_saying_so()
    {
        await StartWorkerAsync(new Dictionary<string, string>
        {
            ["Reconciliation:Schedule"] = "0/1 * * * * ?",
            // An order left queued is claimed again once a PUT given up on could no longer land.
            ["Capture:OnlineBudget"] = "00:00:00.500",
            ["Capture:AttemptLease"] = "00:00:02",
        });
        await Worker.CutOciAsync(Simulator);
        using (await Worker.PostOrderAsync("unlisted", ("SKU-1", 1)))
        {
        }

        // Reserved long before the order was taken: outside every export the worker asks for.
        Landed("unlisted", 1, reservationTime: DateTimeOffset.UtcNow.AddDays(-30));
        Simulator.Faults.Set(FaultSettings.None);
        await WorkerTestHost.WaitUntilAsync(async () => await StatusOfAsync("unlisted") == "NeedsReview", "the order goes to review", seconds: 60);
        var alerts = await Worker.Store.ListAlertsAsync(null, 100, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(Simulator.Stats.Get("initiateReservationsExport"), Is.GreaterThanOrEqualTo(6), "looked up in three runs (open and closed each)");
            Assert.That(alerts.Single(a => a.Kind == AlertKinds.NeedsReview).Message, Does.Contain("409 EntityExists").And.Contain("did not list").And.Contain("attempt 3"));
        });
    }
}
