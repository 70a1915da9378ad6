using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrderCapture.Core.Alerts;
using OrderCapture.Core.Orders;
using OrderCapture.OciSimulator.State;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Reconciliation;

/// <summary>An operator's decision on a NeedsReview order: recorded, forward only, with the hold and report it implies.</summary>
public sealed class ResolveTests : WorkerTestBase
{
    protected override InventorySeed Seed => WorkerTestHost.Seed(10, "SKU-1");

    /// <summary>An order that reconciliation sent to review: someone else's document sits under its reservation id.</summary>
    private async Task NeedsReviewAsync(string orderNo, decimal quantity)
    {
        await StartWorkerAsync();
        await Worker.CutOciAsync(Simulator);
        using (var response = await Worker.PostOrderAsync(orderNo, ("SKU-1", quantity)))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        Simulator.State.CreateReservation(ReservationIds.For(WorkerTestHost.Site, orderNo), "{\"other\":true}",
            new SimReservationRequest { Locations = [new("warehouse-1", [new("SKU-1", 1)])] });
        Simulator.Faults.Set(FaultSettings.None);
        await WorkerTestHost.WaitUntilAsync(async () => await StatusOfAsync(orderNo) == "NeedsReview", "reconciliation sends it to review", seconds: 60);
    }

    private async Task<string> StatusOfAsync(string orderNo) => (await Worker.GetJsonAsync($"/api/orders/MySite/{orderNo}")).GetProperty("status").GetString()!;

    private async Task<(HttpStatusCode Status, JsonElement Body)> ResolveAsync(string orderNo, string outcome, string? note = null)
    {
        using var response = await Worker.Http.PostAsJsonAsync($"/api/orders/MySite/{orderNo}/resolve", new { outcome, note });
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private string[] WorkFiles() => Directory.Exists(Path.Combine(Worker.ReportsFolder, "work"))
        ? [.. Directory.GetFiles(Path.Combine(Worker.ReportsFolder, "work"), "*.json").Select(f => Path.GetFileName(f)!)]
        : [];

    [TestCase("CompletelyReserved", "reserved_")]
    [TestCase("NothingReserved", "oversold_")]
    public async Task Resolving_as_an_outcome_writes_its_report_lets_the_hold_go_and_is_forward_only(string outcome, string report)
    {
        await NeedsReviewAsync("review-1", 3);
        var heldInReview = (await Worker.AvailabilityAsync()).Held;

        var (status, body) = await ResolveAsync("review-1", outcome, "checked in Business Manager");
        await WorkerTestHost.WaitUntilAsync(() => Task.FromResult(WorkFiles().Any(f => f.StartsWith(report, StringComparison.Ordinal))), "the report is written");
        // The hold gives way once the cache holds OCI data fetched after the decision (invariant 3).
        await WorkerTestHost.WaitUntilAsync(async () => (await Worker.AvailabilityAsync()).Held == 0, "the hold stops counting after the next delta poll");
        var again = await ResolveAsync("review-1", "Cancelled");
        var alerts = await Worker.Store.ListAlertsAsync(null, 100, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(heldInReview, Is.EqualTo(3m), "a NeedsReview order keeps its hold until decided");
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body.GetProperty("status").GetString(), Is.EqualTo(outcome));
            Assert.That(WorkFiles().Count(f => f.StartsWith(report, StringComparison.Ordinal) && f.EndsWith("_review-1.json", StringComparison.Ordinal)), Is.EqualTo(1));
            Assert.That(again.Status, Is.EqualTo(HttpStatusCode.Conflict), "forward only: a decided order is not decided again");
            Assert.That(alerts.Single(a => a.Kind == AlertKinds.NeedsReviewResolved).Message, Does.Contain(outcome).And.Contain("checked in Business Manager"));
        });
    }

    [Test]
    public async Task Resolving_as_cancelled_releases_the_hold_at_once_and_cancels_the_document_under_its_id()
    {
        await NeedsReviewAsync("review-2", 2);

        var (status, body) = await ResolveAsync("review-2", "Cancelled", "customer called");
        var heldAfter = (await Worker.AvailabilityAsync()).Held;
        await WorkerTestHost.WaitUntilAsync(async () =>
            (await Worker.GetJsonAsync("/api/orders/MySite/review-2")).GetProperty("cancellation").GetProperty("ociCancel").GetString() == "done", "OCI confirms the cancel");

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("Cancelled"));
            Assert.That(body.GetProperty("cancellation").GetProperty("reason").GetString(), Is.EqualTo("operator"));
            Assert.That(heldAfter, Is.Zero);
            Assert.That(Simulator.State.Reservations().Single(r => r.Id == ReservationIds.For(WorkerTestHost.Site, "review-2")).Cancelled, Is.True);
            Assert.That(WorkFiles().Where(f => f.EndsWith("_review-2.json", StringComparison.Ordinal)), Has.All.StartWith("offline_"), "no outcome report");
        });
    }

    [Test]
    public async Task Only_a_NeedsReview_order_is_resolved_and_a_bad_outcome_is_refused()
    {
        await StartWorkerAsync();
        using (var response = await Worker.PostOrderAsync("fine", ("SKU-1", 1)))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        var notInReview = await ResolveAsync("fine", "NothingReserved");
        var badOutcome = await ResolveAsync("fine", "PartiallyReserved");
        var unknown = await ResolveAsync("nope", "Cancelled");

        Assert.Multiple(async () =>
        {
            Assert.That(notInReview.Status, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(badOutcome.Status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(unknown.Status, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await StatusOfAsync("fine"), Is.EqualTo("Reserved"), "nothing changed");
        });
    }
}
