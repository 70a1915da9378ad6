using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrderCapture.Core.Alerts;
using OrderCapture.Core.Orders;
using OrderCapture.OciSimulator.State;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Storefront;

/// <summary>
/// Invariant 10: a cancelled order holds nothing in the cache and has no live document at OCI once
/// OCI has confirmed; cancelled while queued, it is never reconciled and in no reserved/oversold report.
/// </summary>
public sealed class CancelTests : WorkerTestBase
{
    private static readonly SimPlace Warehouse = new(SimPlaceType.Location, "warehouse-1");

    protected override InventorySeed Seed => WorkerTestHost.Seed(10, "SKU-1", "SKU-2");

    [SetUp]
    public Task StartTheWorkerAsync() => StartWorkerAsync();

    private async Task<(HttpStatusCode Status, JsonElement Body)> CancelAsync(string orderNo, string reason = "payment_declined", string? note = null)
    {
        using var response = await Worker.Http.PostAsJsonAsync($"/api/orders/MySite/{orderNo}/cancel", new { reason, note });
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private async Task PlaceAsync(string orderNo, string expectedStatus, decimal quantity = 2, string sku = "SKU-1")
    {
        using var response = await Worker.PostOrderAsync(orderNo, (sku, quantity));
        Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString(), Is.EqualTo(expectedStatus));
    }

    private Task<JsonElement> OrderAsync(string orderNo) => Worker.GetJsonAsync($"/api/orders/MySite/{orderNo}");

    private SimReservation? DocumentOf(string orderNo) =>
        Simulator.State.Reservations().SingleOrDefault(r => r.Id == ReservationIds.For(WorkerTestHost.Site, orderNo));

    private string[] WorkFiles() => Directory.Exists(Path.Combine(Worker.ReportsFolder, "work"))
        ? [.. Directory.GetFiles(Path.Combine(Worker.ReportsFolder, "work"), "*.json").Select(f => Path.GetFileName(f)!)]
        : [];

    private async Task RestoreOciAndReconcileAsync()
    {
        Simulator.Faults.Set(FaultSettings.None);
        await WorkerTestHost.WaitUntilAsync(async () =>
            (await Worker.GetJsonAsync("/api/status")).GetProperty("queue").GetProperty("reservationMissing").GetInt64() == 0, "the queue is empty", seconds: 60);
        await WorkerTestHost.WaitUntilAsync(async () => await Worker.Store.PendingOutboxCountAsync(CancellationToken.None) == 0, "reports and cancels are delivered", seconds: 30);
    }

    [Test]
    public async Task Cancelling_an_online_order_cancels_its_document_and_gives_its_stock_back()
    {
        await PlaceAsync("paid-not", "Reserved", 3);

        var (status, body) = await CancelAsync("paid-not", note: "card declined");
        var order = await OrderAsync("paid-not");

        Assert.Multiple(async () =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("Cancelled"));
            Assert.That(body.GetProperty("ociCancel").GetString(), Is.EqualTo("done"));
            Assert.That(DocumentOf("paid-not")!.Cancelled, Is.True);
            Assert.That(Simulator.State.Figures(new SimPlace(SimPlaceType.Group, WorkerTestHost.List), "SKU-1")!.Ato, Is.EqualTo(10m));
            Assert.That((await Worker.AvailabilityAsync()).Held, Is.Zero);
            Assert.That(order.GetProperty("cancellation").GetProperty("reason").GetString(), Is.EqualTo("payment_declined"));
            Assert.That(order.GetProperty("cancellation").GetProperty("note").GetString(), Is.EqualTo("card declined"));
            Assert.That(await Worker.Http.GetStringAsync("/"), Does.Contain("<td>paid-not</td><td>payment_declined</td><td>card declined</td><td>done</td>"), "the status page shows why");
        });
    }

    [Test]
    public async Task Cancelling_a_queued_order_releases_its_hold_and_it_is_never_reconciled()
    {
        await Worker.CutOciAsync(Simulator);
        await PlaceAsync("queued", "ReservationMissing", 4);
        await PlaceAsync("kept", "ReservationMissing", 1);

        var (status, body) = await CancelAsync("queued", "customer");
        var heldRightAfter = (await Worker.AvailabilityAsync()).Held;
        await RestoreOciAndReconcileAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body.GetProperty("ociCancel").GetString(), Is.EqualTo("not_needed"), "no attempt ever reached OCI");
            Assert.That(heldRightAfter, Is.EqualTo(1m), "the cancel releases its hold in the same transaction");
            Assert.That((await OrderAsync("queued")).GetProperty("status").GetString(), Is.EqualTo("Cancelled"));
            Assert.That((await OrderAsync("kept")).GetProperty("status").GetString(), Is.EqualTo("CompletelyReserved"));
            Assert.That(DocumentOf("queued"), Is.Null, "never reserved");
            Assert.That(WorkFiles().Where(f => f.EndsWith("_queued.json", StringComparison.Ordinal)), Is.EqualTo(WorkFiles().Where(f => f.StartsWith("offline_", StringComparison.Ordinal) && f.EndsWith("_queued.json", StringComparison.Ordinal))),
                "its offline_ file stays; no reserved_ or oversold_ file");
            Assert.That(WorkFiles(), Has.One.Match("^offline_MySite_.*_queued\\.json$"));
        });
    }

    [TestCase(false, "CompletelyReserved")]
    [TestCase(true, "PartiallyReserved")]
    public async Task Cancelling_a_reconciled_order_cancels_its_reservation(bool otherChannelSells, string outcome)
    {
        await Worker.CutOciAsync(Simulator);
        await PlaceAsync("reconciled", "ReservationMissing", 5);
        if (otherChannelSells)
        {
            Simulator.State.Consume(Warehouse, "SKU-1", 7);
        }

        await RestoreOciAndReconcileAsync();
        Assert.That((await OrderAsync("reconciled")).GetProperty("status").GetString(), Is.EqualTo(outcome));

        var (status, body) = await CancelAsync("reconciled", "operator");

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body.GetProperty("ociCancel").GetString(), Is.EqualTo("done"));
            Assert.That(DocumentOf("reconciled")!.Cancelled, Is.True);
            Assert.That(Simulator.State.Figures(Warehouse, "SKU-1")!.Ato, Is.EqualTo(otherChannelSells ? 3m : 10m), "what the order held at OCI is given back");
        });
    }

    [Test]
    public async Task Cancelling_an_unknown_order_answers_404_and_a_bad_reason_400()
    {
        await PlaceAsync("real", "Reserved");

        var unknown = await CancelAsync("no-such-order");
        var badReason = await CancelAsync("real", "because");

        Assert.Multiple(async () =>
        {
            Assert.That(unknown.Status, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(badReason.Status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(badReason.Body.GetProperty("error").GetString(), Is.EqualTo("invalid_reason"));
            Assert.That((await OrderAsync("real")).GetProperty("status").GetString(), Is.EqualTo("Reserved"), "a refused cancel changes nothing");
        });
    }

    [Test]
    public async Task A_cancel_that_overtakes_the_order_it_gives_up_on_keeps_that_order_from_being_taken()
    {
        // The storefront timed out before its request reached the worker, then cancelled.
        var cancel = await CancelAsync("overtaken", "abandoned");
        using var late = await Worker.PostOrderAsync("overtaken", ("SKU-1", 2));

        Assert.Multiple(async () =>
        {
            Assert.That(cancel.Status, Is.EqualTo(HttpStatusCode.NotFound), "there was no order to cancel");
            Assert.That(late.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "the late request is refused, not taken behind the storefront's back");
            Assert.That((await late.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString(), Is.EqualTo("order_cancelled"));
            Assert.That((await Worker.AvailabilityAsync()).Held, Is.Zero);
            Assert.That(Simulator.State.Reservations(), Is.Empty);
        });
    }

    [Test]
    public async Task A_repeated_cancel_gives_the_same_answer_and_the_number_is_not_taken_again()
    {
        await PlaceAsync("twice", "Reserved");

        var first = await CancelAsync("twice");
        var again = await CancelAsync("twice", "customer");
        using var resubmitted = await Worker.PostOrderAsync("twice", ("SKU-1", 2));
        var resubmittedBody = await resubmitted.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Multiple(() =>
        {
            Assert.That(again.Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(again.Body.ToString(), Is.EqualTo(first.Body.ToString()), "the first reason stands");
            Assert.That(resubmitted.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(resubmittedBody.GetProperty("error").GetString(), Is.EqualTo("order_cancelled"));
            Assert.That(Simulator.State.Reservations(), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task A_cancel_while_OCI_is_down_is_pending_and_done_once_OCI_is_back()
    {
        await PlaceAsync("down", "Reserved", 3);
        Simulator.Faults.Set(new FaultSettings(FaultMode.Error503, TimeSpan.Zero, 0));

        var (status, body) = await CancelAsync("down");
        var heldWhileDown = (await Worker.AvailabilityAsync()).Held;
        var documentWhileDown = DocumentOf("down")!.Cancelled;
        Simulator.Faults.Set(FaultSettings.None);
        await WorkerTestHost.WaitUntilAsync(async () =>
            (await OrderAsync("down")).GetProperty("cancellation").GetProperty("ociCancel").GetString() == "done", "the queued cancel reaches OCI", seconds: 60);

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body.GetProperty("ociCancel").GetString(), Is.EqualTo("pending"));
            Assert.That(heldWhileDown, Is.Zero, "the cache lets go at once");
            Assert.That(documentWhileDown, Is.False);
            Assert.That(DocumentOf("down")!.Cancelled, Is.True);
        });
    }

    [Test]
    public async Task A_cancel_racing_reconciliation_ends_with_one_of_the_two_having_won_cleanly()
    {
        const int orders = 20; // 10 units each of SKU-1 and SKU-2
        await Worker.CutOciAsync(Simulator);
        for (var i = 0; i < orders; i++)
        {
            await PlaceAsync($"race-{i}", "ReservationMissing", 1, i % 2 == 0 ? "SKU-1" : "SKU-2");
        }

        // Slow answers keep reservation PUTs in flight while the cancels arrive; recovery starts the run.
        var alertsBefore = (await Worker.Store.ListAlertsAsync(null, 1, CancellationToken.None)).Select(a => a.Id).DefaultIfEmpty(0).Max();
        Simulator.Faults.Set(new FaultSettings(FaultMode.Latency, TimeSpan.FromMilliseconds(300), 0));
        await WorkerTestHost.WaitUntilAsync(async () => await Worker.OciStateAsync() != "offline", "good probes start recovery and its reconciliation");

        var cancels = await Task.WhenAll(Enumerable.Range(0, orders).Select(async i =>
        {
            await Task.Delay(i * 60);
            return await CancelAsync($"race-{i}", "abandoned");
        }));
        // The queue empties as soon as the last order is cancelled, while PUTs may still be in flight:
        // the run is over when it says so, and only then has each PUT that lost to a cancel queued the
        // cancel of the document it may have made after the first cancel went out.
        await WorkerTestHost.WaitUntilAsync(async () =>
            (await Worker.Store.ListAlertsAsync(null, 100, CancellationToken.None)).Any(a => a.Kind == AlertKinds.ReconciliationFinished && a.Id > alertsBefore),
            "the run is over", seconds: 60);
        Simulator.Faults.Set(FaultSettings.None);
        await WorkerTestHost.WaitUntilAsync(async () =>
        {
            var all = await Task.WhenAll(Enumerable.Range(0, orders).Select(i => OrderAsync($"race-{i}")));
            return all.All(o => o.GetProperty("cancellation").GetProperty("ociCancel").GetString() != "pending");
        }, "every OCI cancel is settled", seconds: 90);

        var views = await Task.WhenAll(Enumerable.Range(0, orders).Select(i => OrderAsync($"race-{i}")));
        var reconciledFirst = views.Where(v => v.GetProperty("reconciledAt").ValueKind != JsonValueKind.Null).Select(v => v.GetProperty("orderNo").GetString()!).ToHashSet();
        var outcomeFiles = WorkFiles().Where(f => !f.StartsWith("offline_", StringComparison.Ordinal)).ToList();
        Assert.Multiple(async () =>
        {
            Assert.That(cancels.Select(c => c.Status), Has.All.EqualTo(HttpStatusCode.OK), "a reconciled order can still be cancelled");
            Assert.That(views.Select(v => v.GetProperty("status").GetString()), Has.All.EqualTo("Cancelled"));
            Assert.That(Simulator.State.Reservations().Where(r => !r.Cancelled).Select(r => r.Id), Is.Empty, "no live document for a cancelled order");
            Assert.That((await Worker.AvailabilityAsync("SKU-1")).Held + (await Worker.AvailabilityAsync("SKU-2")).Held, Is.Zero);
            foreach (var orderNo in Enumerable.Range(0, orders).Select(i => $"race-{i}"))
            {
                var files = outcomeFiles.Count(f => f.EndsWith($"_{orderNo}.json", StringComparison.Ordinal));
                Assert.That(files, Is.EqualTo(reconciledFirst.Contains(orderNo) ? 1 : 0), $"{orderNo}: a report exactly when reconciliation won");
            }
        });
        TestContext.Out.WriteLine($"reconciliation won {reconciledFirst.Count} of {orders}; the cancel won the rest");
    }
}
