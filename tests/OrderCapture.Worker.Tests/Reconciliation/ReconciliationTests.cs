using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrderCapture.Core.Alerts;
using OrderCapture.Core.Capture;
using OrderCapture.Core.Oci;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Storage;
using OrderCapture.OciSimulator;
using OrderCapture.OciSimulator.State;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Reconciliation;

/// <summary>Recovery end to end: orders queued offline, OCI back, every order classified once and reported.</summary>
public sealed class ReconciliationTests : WorkerTestBase
{
    private static readonly SimPlace Warehouse = new(SimPlaceType.Location, "warehouse-1");

    protected override InventorySeed Seed => WorkerTestHost.Seed(10, "SKU-A", "SKU-B", "SKU-C", "SKU-D");
    private async Task StartWorkerOfflineAsync(IDictionary<string, string>? settings = null)
    {
        await StartWorkerAsync(settings, "SKU-A");
        await Worker.CutOciAsync(Simulator);
    }

    private async Task QueueAsync(string orderNo, params (string Sku, decimal Quantity)[] lines)
    {
        using var response = await Worker.PostOrderAsync(orderNo, lines);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    private async Task<string> StatusOfAsync(string orderNo) =>
        (await Worker.GetJsonAsync($"/api/orders/MySite/{orderNo}")).GetProperty("status").GetString()!;

    // A deadline, not a timing claim: generous, because the suite shares two cores with the chaos run.
    private async Task WaitForEmptyQueueAsync() => await WorkerTestHost.WaitUntilAsync(async () =>
        (await Worker.GetJsonAsync("/api/status")).GetProperty("queue").GetProperty("reservationMissing").GetInt64() == 0, "the queue is empty", seconds: 120);

    private string[] WorkFiles() => Directory.Exists(Path.Combine(Worker.ReportsFolder, "work"))
        ? [.. Directory.GetFiles(Path.Combine(Worker.ReportsFolder, "work"), "*.json").Select(f => Path.GetFileName(f)!)]
        : [];

    /// <summary>Waits for a run that started after <paramref name="since"/> to end stopped by OCI (an earlier one may have stopped too).</summary>
    private async Task WaitForStoppedRunAsync(DateTimeOffset since, string what) =>
        await WorkerTestHost.WaitUntilAsync(async () => (await Worker.GetJsonAsync("/api/status")).GetProperty("lastReconciliation") is { ValueKind: JsonValueKind.Object } run
            && run.GetProperty("startedAt").GetDateTimeOffset() >= since && run.GetProperty("ociOffline").GetBoolean(), what, seconds: 60);

    [Test]
    public async Task A_line_OCI_answers_Unknown_sends_the_order_to_review_with_an_alert_never_to_the_oversold_report()
    {
        await StartWorkerOfflineAsync();
        await QueueAsync("mislisted", ("SKU-A", 2), ("SKU-B", 1));

        // During the outage SKU-B disappears from the place (a data problem at OCI, not a shortage).
        Simulator.State.Replace(WorkerTestHost.Seed(10, "SKU-A", "SKU-C", "SKU-D"));
        Simulator.Faults.Set(FaultSettings.None);
        await WaitForEmptyQueueAsync();
        // The alert follows the order's move out of the queue (seen read a moment too early in CI).
        await WorkerTestHost.WaitUntilAsync(async () => (await Worker.Store.ListOrderAlertsAsync("MySite", "mislisted", CancellationToken.None)).Any(a => a.Kind == AlertKinds.NeedsReview),
            "the needs-review alert is raised", seconds: 30);
        var order = await Worker.GetJsonAsync("/api/orders/MySite/mislisted");
        var alert = (await Worker.Store.ListOrderAlertsAsync("MySite", "mislisted", CancellationToken.None)).SingleOrDefault(a => a.Kind == AlertKinds.NeedsReview);

        Assert.Multiple(() =>
        {
            Assert.That(order.GetProperty("status").GetString(), Is.EqualTo("NeedsReview"));
            Assert.That(order.GetProperty("lines")[0].GetProperty("reservedQuantity").GetDecimal(), Is.EqualTo(2m), "what OCI reserved of the known SKU is recorded");
            Assert.That(alert?.Message, Does.Contain("SKU-B at MySiteInventory").And.Contain("Unknown"));
            Assert.That(WorkFiles().Where(f => f.StartsWith("oversold_", StringComparison.Ordinal) || f.StartsWith("reserved_", StringComparison.Ordinal)), Is.Empty,
                "no outcome report until someone decides");
        });
    }

    [Test]
    public async Task Each_outcome_is_reached_through_the_simulators_stock()
    {
        await StartWorkerOfflineAsync();
        await QueueAsync("complete", ("SKU-A", 2));
        await QueueAsync("partial", ("SKU-B", 5));
        await QueueAsync("nothing", ("SKU-C", 4));
        await QueueAsync("review", ("SKU-D", 1));
        Simulator.State.Consume(Warehouse, "SKU-B", 7); // another channel sold during the outage
        Simulator.State.Consume(Warehouse, "SKU-C", 10);
        // Someone else already holds a document under the review order's id with another body.
        Simulator.State.CreateReservation(ReservationIds.For("MySite", "review"), "{\"other\":true}", new SimReservationRequest { Locations = [new("warehouse-1", [new("SKU-D", 9)])] });

        Simulator.Faults.Set(FaultSettings.None);
        await WaitForEmptyQueueAsync();
        await WorkerTestHost.WaitUntilAsync(() => Task.FromResult(WorkFiles().Count(f => !f.StartsWith("offline_", StringComparison.Ordinal)) == 3), "the outcome work files are written");

        await WorkerTestHost.WaitUntilAsync(async () => await Worker.OciStateAsync() == "online", "an empty queue ends Recovering");
        // The run's own report (finished, then oversold) may still be on its way when the monitor has
        // already seen the empty queue, and the transition's alert is written just after the state
        // changes: wait for both rather than read alerts between two writes.
        await WorkerTestHost.WaitUntilAsync(async () => (await Worker.Store.ListAlertsAsync(null, 100, CancellationToken.None)).Select(a => a.Kind) is var kinds
            && kinds.Contains(AlertKinds.Oversold) && kinds.Contains(AlertKinds.OciOnline),
            "the run has reported the oversold orders and the return online is alerted");
        var partial = await Worker.GetJsonAsync("/api/orders/MySite/partial");
        var alerts = await Worker.Store.ListAlertsAsync(null, 100, CancellationToken.None);
        Assert.Multiple(async () =>
        {
            Assert.That(await StatusOfAsync("complete"), Is.EqualTo("CompletelyReserved"));
            Assert.That(partial.GetProperty("status").GetString(), Is.EqualTo("PartiallyReserved"));
            Assert.That(partial.GetProperty("lines")[0].GetProperty("reservedQuantity").GetDecimal(), Is.EqualTo(3m));
            Assert.That(await StatusOfAsync("nothing"), Is.EqualTo("NothingReserved"));
            Assert.That(await StatusOfAsync("review"), Is.EqualTo("NeedsReview"));
            Assert.That(WorkFiles(), Has.One.Match("^reserved_MySite_.*_complete\\.json$"));
            Assert.That(WorkFiles(), Has.One.Match("^oversold_MySite_.*_partial\\.json$"));
            Assert.That(WorkFiles(), Has.One.Match("^oversold_MySite_.*_nothing\\.json$"));
            Assert.That(WorkFiles().Where(f => f.Contains("_review", StringComparison.Ordinal)), Has.All.StartsWith("offline_"));
            Assert.That(alerts.Select(a => a.Kind), Is.SupersetOf(new[] { AlertKinds.ReconciliationStarted, AlertKinds.ReconciliationFinished, AlertKinds.Oversold, AlertKinds.NeedsReview, AlertKinds.OciRecovering, AlertKinds.OciOnline }));
        });
    }

    [Test]
    public async Task An_outage_halfway_through_a_batch_classifies_the_first_part_and_keeps_the_rest_queued()
    {
        // Quiet pollers, so the only OCI calls are the reservations the fault below counts.
        await StartWorkerAsync(new Dictionary<string, string>
        {
            ["Reconciliation:MaxParallelRequests"] = "1",
            ["Inventory:DeltaPollInterval"] = "00:10:00",
            ["Connectivity:ProbeInterval"] = "00:10:00",
        }, "SKU-A");
        Simulator.Faults.Set(new FaultSettings(FaultMode.Error503, TimeSpan.Zero, 0));
        for (var i = 1; i <= 20; i++)
        {
            await QueueAsync($"half-{i:00}", ("SKU-A", 0.5m)); // the first one's failed online attempt takes the worker offline
        }

        Assert.That(await Worker.OciStateAsync(), Is.EqualTo("offline"));
        var circuit = Worker.Host.App.Services.GetRequiredService<OciCircuit>();
        await WorkerTestHost.WaitUntilAsync(() => Task.FromResult(!circuit.IsOpen), "the circuit lets calls through again");

        // OCI answers ten reservations, then goes down again.
        Simulator.Faults.Set(new FaultSettings(FaultMode.Error503, TimeSpan.Zero, 0, After: 10));
        using (var trigger = await Worker.Http.PostAsJsonAsync("/api/reconcile", new { }))
        {
            Assert.That(trigger.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        }

        await WorkerTestHost.WaitUntilAsync(async () => (await Worker.GetJsonAsync("/api/status")).GetProperty("lastReconciliation").ValueKind == JsonValueKind.Object, "the run has finished");
        var orders = await Worker.Store.ListOrdersAsync(null, null, 100, CancellationToken.None);
        var alerts = await Worker.Store.ListAlertsAsync(null, 100, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(orders, Has.Count.EqualTo(20), "nothing lost");
            Assert.That(orders.Count(o => o.Status == OrderStatus.CompletelyReserved), Is.EqualTo(10));
            Assert.That(orders.Where(o => o.Status == OrderStatus.ReservationMissing).Select(o => o.OrderNo), Is.EqualTo(Enumerable.Range(11, 10).Select(i => $"half-{i:00}")), "the oldest went first");
            Assert.That(orders.Where(o => o.Status == OrderStatus.ReservationMissing).Max(o => o.Attempts), Is.LessThanOrEqualTo(1));
            Assert.That(alerts.Select(a => a.Kind), Does.Contain(AlertKinds.OciRemainsOffline));
            Assert.That(Simulator.State.Reservations(), Has.Count.EqualTo(10));
        });
    }

    [Test]
    public async Task Answered_orders_wait_for_their_commit_up_to_MaxCommittingOutcomes_while_the_next_reservations_go_out()
    {
        var faults = new OrderCapture.Storage.Sqlite.SqliteWriterFaults();
        Worker = await WorkerTestHost.StartAsync(Simulator, Folder, new Dictionary<string, string>
        {
            ["Reconciliation:MaxParallelRequests"] = "1",
            ["Reconciliation:MaxCommittingOutcomes"] = "3",
            ["Inventory:DeltaPollInterval"] = "00:10:00",
            ["Connectivity:ProbeInterval"] = "00:10:00",
        }, services => services.AddSingleton(faults));
        await Worker.WaitForCacheAsync("SKU-A");
        Simulator.Faults.Set(new FaultSettings(FaultMode.Error503, TimeSpan.Zero, 0));
        string[] skus = ["SKU-A", "SKU-B", "SKU-C", "SKU-D"];
        for (var i = 0; i < 8; i++)
        {
            await QueueAsync($"commit-{i}", (skus[i % 4], 1m));
        }

        var circuit = Worker.Host.App.Services.GetRequiredService<OciCircuit>();
        await WorkerTestHost.WaitUntilAsync(() => Task.FromResult(!circuit.IsOpen), "the circuit lets calls through again");
        Simulator.Faults.Set(FaultSettings.None);

        // The disk stalls from the first answered reservation on: no outcome commits until released.
        using var release = new ManualResetEventSlim();
        faults.Set(step =>
        {
            if (step == OrderCapture.Storage.Sqlite.SqliteWriterStep.Commit && Simulator.State.Reservations().Count > 0)
            {
                release.Wait(TimeSpan.FromSeconds(30));
            }

            return null;
        });
        using (var trigger = await Worker.Http.PostAsJsonAsync("/api/reconcile", new { }))
        {
            Assert.That(trigger.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        }

        // Three answered outcomes wait for the stalled commit; the fourth answer then waits for room, holding the one PUT slot.
        await WorkerTestHost.WaitUntilAsync(() => Task.FromResult(Simulator.State.Reservations().Count >= 4), "four reservations went out");
        await Task.Delay(500);
        var whileStalled = Simulator.State.Reservations().Count;
        release.Set();
        await WaitForEmptyQueueAsync();
        var orders = await Worker.Store.ListOrdersAsync(null, null, 100, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(whileStalled, Is.EqualTo(4), "1 in flight + 3 committing, then the PUTs wait for the store");
            Assert.That(orders, Has.Count.EqualTo(8), "nothing lost");
            Assert.That(orders.Select(o => o.Status), Has.All.EqualTo(OrderStatus.CompletelyReserved));
            Assert.That(Simulator.State.Reservations(), Has.Count.EqualTo(8));
        });
    }

    [Test]
    public async Task Orders_a_stopped_run_gave_back_are_taken_again_though_runs_keep_coming()
    {
        // A run stopped by an outage gives its orders back until a PUT it abandoned can no longer land
        // (Capture:AttemptLease). Runs come every few seconds; if each one's release pushed that moment
        // out again for every order the instance had ever claimed, they would stay queued for as long
        // as runs kept coming (the two-instance chaos run has its schedule every 2 s).
        await StartWorkerAsync(new Dictionary<string, string>
        {
            ["Reconciliation:MaxParallelRequests"] = "1",
            ["Capture:OnlineBudget"] = "00:00:01",
            ["Capture:AttemptLease"] = "00:00:03",
            ["Inventory:DeltaPollInterval"] = "00:10:00",
            ["Connectivity:ProbeInterval"] = "00:10:00",
        }, "SKU-A");
        Simulator.Faults.Set(new FaultSettings(FaultMode.Error503, TimeSpan.Zero, 0));
        for (var i = 1; i <= 6; i++)
        {
            await QueueAsync($"back-{i}", ("SKU-A", 1));
        }

        var circuit = Worker.Host.App.Services.GetRequiredService<OciCircuit>();
        await WorkerTestHost.WaitUntilAsync(() => Task.FromResult(!circuit.IsOpen), "the circuit lets calls through again");
        Simulator.Faults.Set(new FaultSettings(FaultMode.Error503, TimeSpan.Zero, 0, After: 2));
        var triggered = DateTimeOffset.UtcNow.AddSeconds(-1);
        using (await Worker.Http.PostAsJsonAsync("/api/reconcile", new { }))
        {
        }

        await WaitForStoppedRunAsync(triggered, "the first run has stopped at the outage");
        Simulator.Faults.Set(FaultSettings.None);
        await WorkerTestHost.WaitUntilAsync(() => Task.FromResult(!circuit.IsOpen), "the circuit lets calls through again");

        // From here a run is asked for every half second.
        var queued = long.MaxValue;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (queued > 0 && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            using (await Worker.Http.PostAsJsonAsync("/api/reconcile", new { }))
            {
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
            queued = (await Worker.GetJsonAsync("/api/status")).GetProperty("queue").GetProperty("reservationMissing").GetInt64();
        }

        var orders = await Worker.Store.ListOrdersAsync(null, null, 100, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(queued, Is.Zero, "every order given back was reconciled while runs kept coming");
            Assert.That(orders.Select(o => o.Status), Has.All.EqualTo(OrderStatus.CompletelyReserved));
            Assert.That(Simulator.State.Reservations(), Has.Count.EqualTo(6));
        });
    }

    [Test]
    public async Task A_reservation_made_before_a_crash_is_replayed_and_OCI_holds_one_document()
    {
        await StartWorkerOfflineAsync();
        await QueueAsync("crashed", ("SKU-A", 3));
        // The worker reserved at OCI, then died before saving the outcome: the same id, the same body.
        // (Made at the simulator directly: through the worker's client it raced the circuit breaker.)
        var order = (await Worker.Store.GetOrderAsync("MySite", "crashed", CancellationToken.None))!;
        var body = JsonSerializer.Serialize(OciReservations.Partial(order), OrderCapture.Core.Oci.Contracts.OciJsonContext.Default.ReservationRequest);
        Assert.That(Simulator.State.CreateReservation(order.ReservationId, body, JsonSerializer.Deserialize<SimReservationRequest>(body, JsonSerializerOptions.Web)!).Status, Is.EqualTo(200));
        Simulator.Faults.Set(FaultSettings.None);

        await WaitForEmptyQueueAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(await StatusOfAsync("crashed"), Is.EqualTo("CompletelyReserved"));
            Assert.That(Simulator.State.Reservations(), Has.Count.EqualTo(1));
            Assert.That(Simulator.State.Figures(new SimPlace(SimPlaceType.Group, WorkerTestHost.List), "SKU-A")!.Reserved, Is.EqualTo(3m), "reserved once, not twice");
        });
    }

    /// <summary>The document an online attempt would have left at OCI before the worker died (the order was Reserving).</summary>
    private async Task<Order> ReserveAsAnInterruptedOnlineAttemptAsync(string orderNo)
    {
        var order = (await Worker.Store.GetOrderAsync("MySite", orderNo, CancellationToken.None))!;
        var body = JsonSerializer.Serialize(OciReservations.AllOrNothing(order), OrderCapture.Core.Oci.Contracts.OciJsonContext.Default.ReservationRequest);
        Simulator.State.CreateReservation(order.ReservationId, body, JsonSerializer.Deserialize<SimReservationRequest>(body, JsonSerializerOptions.Web)!);
        return order;
    }

    [Test]
    public async Task An_online_attempt_cut_short_by_a_crash_is_learned_from_the_reservations_export()
    {
        await StartWorkerOfflineAsync();
        await QueueAsync("cut", ("SKU-A", 3));
        await ReserveAsAnInterruptedOnlineAttemptAsync("cut");

        Simulator.Faults.Set(FaultSettings.None);
        await WaitForEmptyQueueAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(await StatusOfAsync("cut"), Is.EqualTo("CompletelyReserved"), "not NeedsReview: the document is our own online attempt");
            Assert.That(Simulator.State.Reservations(), Has.Count.EqualTo(1));
            Assert.That(Simulator.State.Figures(new SimPlace(SimPlaceType.Group, WorkerTestHost.List), "SKU-A")!.Reserved, Is.EqualTo(3m), "reserved once, not twice");
        });
    }

    [Test]
    public async Task An_online_attempt_OCI_refused_before_a_crash_ends_nothing_reserved_and_gives_its_stock_back()
    {
        await StartWorkerOfflineAsync(new Dictionary<string, string> { ["Capture:SweepInterval"] = "00:00:00.200" });
        // The order was being reserved online when its instance died: in flight, with a lease long run out.
        var inFlight = new Order("MySite", "refused", OrderStatus.Reserving, DateTimeOffset.UtcNow, [new("SKU-A", WorkerTestHost.List, OrderCapture.Core.Oci.Contracts.PlaceType.Group, 2),
            new("SKU-B", WorkerTestHost.List, OrderCapture.Core.Oci.Contracts.PlaceType.Group, 5)], Path: CapturePath.Online);
        Assert.That(await Worker.Store.TryAcceptAsync(inFlight, plan: null, null, new AttemptLease("a-dead-instance/online", DateTimeOffset.UtcNow.AddMinutes(-1)), headroom: null, CancellationToken.None),
            Is.TypeOf<AcceptDecision.Accepted>());
        Simulator.State.Consume(Warehouse, "SKU-B", 7); // 3 left: the all-or-nothing attempt fails SKU-B and holds SKU-A
        await ReserveAsAnInterruptedOnlineAttemptAsync("refused");
        await WorkerTestHost.WaitUntilAsync(async () => await StatusOfAsync("refused") == "ReservationMissing", "the sweep takes over the dead instance's attempt");
        Assert.That(Simulator.State.Figures(new SimPlace(SimPlaceType.Group, WorkerTestHost.List), "SKU-A")!.Reserved, Is.EqualTo(2m));

        Simulator.Faults.Set(FaultSettings.None);
        await WaitForEmptyQueueAsync();

        var order = await Worker.GetJsonAsync("/api/orders/MySite/refused");
        Assert.Multiple(() =>
        {
            Assert.That(order.GetProperty("status").GetString(), Is.EqualTo("NothingReserved"));
            Assert.That(order.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("reservedQuantity").GetDecimal()), Is.EqualTo(new[] { 0m, 0m }));
            Assert.That(Simulator.State.Reservations().Single().Cancelled, Is.True, "the refused attempt's document is cancelled, as the online path would have");
            Assert.That(Simulator.State.Figures(new SimPlace(SimPlaceType.Group, WorkerTestHost.List), "SKU-A")!.Reserved, Is.Zero, "SKU-A's units are back");
        });
    }

    [Test]
    public async Task A_rate_limit_that_never_lifts_ends_the_run_with_the_orders_still_queued()
    {
        // Waiting out 429s for ever would never end the run, and it holds the cluster's one run.
        await StartWorkerOfflineAsync(new Dictionary<string, string>
        {
            ["Oci:Resilience:MaxRetryAttempts"] = "0",
            ["Reconciliation:RateLimitWaits"] = "3",
            ["Reconciliation:LongestRateLimitWait"] = "00:00:00.200",
        });
        for (var i = 1; i <= 3; i++)
        {
            await QueueAsync($"limited-{i}", ("SKU-A", 0.5m));
        }

        // The cut may have opened the breaker: calls must reach OCI to meet its rate limit.
        var circuit = Worker.Host.App.Services.GetRequiredService<OciCircuit>();
        await WorkerTestHost.WaitUntilAsync(() => Task.FromResult(!circuit.IsOpen), "the circuit lets calls through again");
        Simulator.Faults.Set(new FaultSettings(FaultMode.RateLimit, TimeSpan.Zero, RequestsPerSecond: 0));
        var triggered = DateTimeOffset.UtcNow.AddSeconds(-1);
        using (await Worker.Http.PostAsJsonAsync("/api/reconcile", new { }))
        {
        }

        await WaitForStoppedRunAsync(triggered, "a run triggered now has ended, stopped by the rate limit");
        var orders = await Worker.Store.ListOrdersAsync(null, null, 100, CancellationToken.None);
        var alerts = await Worker.Store.ListAlertsAsync(null, 100, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(orders.Select(o => o.Status), Has.All.EqualTo(OrderStatus.ReservationMissing), "nothing lost, nothing classified");
            Assert.That(Simulator.Stats.Get("createReservation", 429), Is.InRange(1, 12), "per order its first PUT and three after a wait, not a loop");
            Assert.That(alerts.Select(a => a.Message), Has.Some.Contains("429"), "the operator is told why");
            Assert.That(Simulator.State.Reservations(), Is.Empty);
        });
    }

    [Test]
    public async Task A_429_storm_slows_the_run_but_every_order_ends_classified()
    {
        await StartWorkerOfflineAsync(new Dictionary<string, string> { ["Oci:Resilience:MaxRetryAttempts"] = "0" });
        for (var i = 1; i <= 12; i++)
        {
            await QueueAsync($"storm-{i}", ("SKU-A", 0.5m));
        }

        Simulator.Faults.Set(new FaultSettings(FaultMode.RateLimit, TimeSpan.Zero, RequestsPerSecond: 4));
        await WaitForEmptyQueueAsync();

        var orders = await Worker.Store.ListOrdersAsync(null, null, 100, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(orders.Select(o => o.Status), Has.All.EqualTo(OrderStatus.CompletelyReserved));
            Assert.That(Simulator.Stats.Get("createReservation", 429), Is.GreaterThan(0), "the storm did bite");
            Assert.That(Simulator.State.Reservations(), Has.Count.EqualTo(12));
        });
    }
}
