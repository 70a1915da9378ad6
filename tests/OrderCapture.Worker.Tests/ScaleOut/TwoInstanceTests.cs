using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OrderCapture.Core.Checks;
using OrderCapture.Core.Orders;
using OrderCapture.OciSimulator.State;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.ScaleOut;

/// <summary>
/// Two workers on one PostgreSQL database, one simulator and one IMPEX share: what a merchant
/// running several instances gets. Each instance has its own folder (lock file); the share is common.
/// </summary>
public sealed class TwoInstanceTests : PostgresInstancesTestBase
{
    protected override InventorySeed Seed => WorkerTestHost.Seed(10, "SKU-1", "SKU-2");

    private new async Task<WorkerTestHost> StartInstanceAsync(string name, IDictionary<string, string>? extra = null, TimeProvider? clock = null)
    {
        var instance = await base.StartInstanceAsync(name, extra, clock);
        await instance.WaitForCacheAsync("SKU-1");
        return instance;
    }

    private string ReportsFolder => Path.Combine(Folder, "impex", "src", "continuous_order_capture");

    [Test]
    public async Task Two_instances_started_together_on_a_fresh_database_get_Quartzs_tables_and_both_join_its_cluster()
    {
        // Neither the store's migrations nor a script made them: the job store provisions its own
        // schema, and two instances racing to do it must both start.
        await Task.WhenAll(base.StartInstanceAsync("a"), base.StartInstanceAsync("b"));

        await using var connection = new Npgsql.NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var tables = new Npgsql.NpgsqlCommand("SELECT COUNT(*) FROM information_schema.tables WHERE table_name LIKE 'qrtz\\_%'", connection);
        await using var jobs = new Npgsql.NpgsqlCommand("SELECT COUNT(*) FROM qrtz_job_details", connection);
        await using var members = new Npgsql.NpgsqlCommand("SELECT COUNT(*) FROM qrtz_scheduler_state", connection);
        // Each scheduler checks in to the cluster shortly after it starts.
        await WorkerTestHost.WaitUntilAsync(async () => (long)(await members.ExecuteScalarAsync())! == 2, "both instances checked in to the cluster", seconds: 30);
        Assert.Multiple(async () =>
        {
            Assert.That(await tables.ExecuteScalarAsync(), Is.GreaterThanOrEqualTo(11L), "Quartz's job-store tables");
            Assert.That(await jobs.ExecuteScalarAsync(), Is.EqualTo(3L), "reconciliation, merge and purge, stored once");
            Assert.That(await members.ExecuteScalarAsync(), Is.EqualTo(2L), "both instances checked in to the cluster");
        });
    }

    [Test]
    public async Task Offline_orders_sent_to_both_instances_at_once_never_oversell()
    {
        var a = await StartInstanceAsync("a");
        var b = await StartInstanceAsync("b");
        Simulator.Faults.Set(new FaultSettings(FaultMode.Error503, TimeSpan.Zero, 0));
        await WorkerTestHost.WaitUntilAsync(async () => await a.OciStateAsync() == "offline" && await b.OciStateAsync() == "offline", "both instances see OCI offline");

        var responses = await Task.WhenAll(Enumerable.Range(0, 60).Select(async i =>
        {
            using var response = await (i % 2 == 0 ? a : b).PostOrderAsync($"o-{i}", ("SKU-1", 1), ("SKU-2", 1));
            return response.StatusCode;
        }));
        var onA = await a.AvailabilityAsync("SKU-1");
        var onB = await b.AvailabilityAsync("SKU-2");

        Assert.Multiple(() =>
        {
            Assert.That(responses.Count(s => s == HttpStatusCode.Created), Is.EqualTo(10));
            Assert.That(responses.Count(s => s == HttpStatusCode.Conflict), Is.EqualTo(50), "the rest are refused for lack of stock");
            Assert.That((onA.Held, onA.Effective), Is.EqualTo((10m, 0m)));
            Assert.That((onB.Held, onB.Effective), Is.EqualTo((10m, 0m)));
        });
    }

    [Test]
    public async Task A_second_instance_starting_does_not_take_over_the_first_ones_attempt_in_flight()
    {
        // A long budget keeps the first instance's attempt in flight while the second starts and sweeps.
        var slow = new Dictionary<string, string> { ["Capture:OnlineBudget"] = "00:00:06", ["Capture:SweepInterval"] = "00:00:00.100", ["Oci:Resilience:AttemptTimeout"] = "00:00:10" };
        var a = await StartInstanceAsync("a", slow);
        Simulator.Faults.Set(new FaultSettings(FaultMode.Hang, TimeSpan.Zero, 0));
        var answer = a.PostOrderAsync("in-flight", ("SKU-1", 1));
        await WorkerTestHost.WaitUntilAsync(async () => (await a.Http.GetAsync("/api/orders/MySite/in-flight")).IsSuccessStatusCode, "the first instance holds the order");

        var b = await base.StartInstanceAsync("b", slow); // not waiting for its cache: OCI hangs
        await Task.Delay(TimeSpan.FromSeconds(1)); // several sweeps of the second instance
        var whileInFlight = (await a.GetJsonAsync("/api/orders/MySite/in-flight")).GetProperty("status").GetString();
        using var response = await answer;
        await WorkerTestHost.WaitUntilAsync(() => Task.FromResult(Directory.Exists(Path.Combine(ReportsFolder, "work"))
            && Directory.GetFiles(Path.Combine(ReportsFolder, "work"), "offline_*_in-flight.json").Length == 1), "its offline file is written");

        Assert.Multiple(async () =>
        {
            Assert.That(whileInFlight, Is.EqualTo("Reserving"), "the second instance left it to its owner");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), "the owner answered it itself");
            Assert.That((await b.GetJsonAsync("/api/orders/MySite/in-flight")).GetProperty("status").GetString(), Is.EqualTo("ReservationMissing"));
            Assert.That(Directory.GetFiles(Path.Combine(ReportsFolder, "work"), "offline_*_in-flight.json"), Has.Length.EqualTo(1), "finished once");
        });
    }

    [Test]
    public async Task One_queue_is_reconciled_once_across_both_instances()
    {
        var fast = new Dictionary<string, string> { ["Reconciliation:BatchSize"] = "3", ["Reconciliation:MaxParallelRequests"] = "2" };
        var a = await StartInstanceAsync("a", fast);
        var b = await StartInstanceAsync("b", fast);
        Simulator.Faults.Set(new FaultSettings(FaultMode.Error503, TimeSpan.Zero, 0));
        await WorkerTestHost.WaitUntilAsync(async () => await a.OciStateAsync() == "offline" && await b.OciStateAsync() == "offline", "both instances see OCI offline");
        for (var i = 0; i < 20; i++)
        {
            using var response = await (i % 2 == 0 ? a : b).PostOrderAsync($"q-{i}", ("SKU-1", 0.5m));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        // Both see OCI come back at about the same moment, so both reconcile at once.
        Simulator.Faults.Set(FaultSettings.None);
        await WorkerTestHost.WaitUntilAsync(async () =>
            (await a.Store.CountByStatusAsync(CancellationToken.None))[OrderStatus.ReservationMissing] == 0, "the queue is empty", seconds: 30);
        await WorkerTestHost.WaitUntilAsync(async () => await a.Store.PendingOutboxCountAsync(CancellationToken.None) == 0, "every report is written");

        var orders = await b.Store.ListOrdersAsync(null, null, 100, CancellationToken.None);
        var reserved = Directory.GetFiles(Path.Combine(ReportsFolder, "work"), "reserved_*.json");
        var findings = await a.Host.App.Services.GetRequiredService<ConsistencyChecker>().CheckAsync(CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(orders.Select(o => o.Status), Has.All.EqualTo(OrderStatus.CompletelyReserved));
            Assert.That(orders.Select(o => o.Attempts), Has.All.EqualTo(1), "classified once");
            Assert.That(Simulator.State.Reservations(), Has.Count.EqualTo(20), "one document per order at OCI");
            Assert.That(reserved, Has.Length.EqualTo(20), "one report per order");
            Assert.That(findings, Is.Empty);
        });
    }

    [Test]
    public async Task An_instance_killed_mid_batch_leaves_its_orders_to_the_other()
    {
        // Short leases and failover so the takeover happens within the test; a slow OCI so the kill lands mid-batch.
        var quick = new Dictionary<string, string>
        {
            ["Reconciliation:BatchSize"] = "10",
            ["Reconciliation:MaxParallelRequests"] = "1",
            ["Reconciliation:ClaimLease"] = "00:00:05",
            ["Reconciliation:Schedule"] = "0/1 * * * * ?",
            ["Storage:OutboxLease"] = "00:00:02",
            ["Storage:ClusterCheckinInterval"] = "00:00:01",
            ["Storage:ClusterFailoverAfter"] = "00:00:03",
        };
        await using var doomed = await WorkerProcess.StartAsync(Simulator, Directory.CreateDirectory(Path.Combine(Folder, "a")).FullName, Settings("a", quick));
        await WorkerTestHost.WaitUntilAsync(async () => (await doomed.Http.GetAsync($"/api/availability/{WorkerTestHost.List}/SKU-1")).IsSuccessStatusCode, "the doomed instance's cache is loaded");
        Simulator.Faults.Set(new FaultSettings(FaultMode.Error503, TimeSpan.Zero, 0));
        await WorkerTestHost.WaitUntilAsync(async () => (await doomed.Http.GetStringAsync("/api/status")).Contains("\"offline\"", StringComparison.Ordinal), "the doomed instance sees OCI offline");
        for (var i = 0; i < 20; i++)
        {
            using var response = await doomed.Http.PostAsync("/api/orders", JsonBody($"k-{i}"));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), doomed.Output);
        }

        Simulator.Faults.Set(new FaultSettings(FaultMode.Latency, TimeSpan.FromMilliseconds(250), 0));
        await WorkerTestHost.WaitUntilAsync(() => Task.FromResult(Simulator.State.Reservations().Count >= 3), "the doomed instance is mid-batch", seconds: 30);
        await doomed.KillAsync();
        var reservedWhenKilled = Simulator.State.Reservations().Count;

        var survivor = await StartInstanceAsync("b", quick);
        await WorkerTestHost.WaitUntilAsync(async () =>
            (await survivor.Store.CountByStatusAsync(CancellationToken.None))[OrderStatus.ReservationMissing] == 0, "the survivor empties the queue", seconds: 60);
        await WorkerTestHost.WaitUntilAsync(async () => await survivor.Store.PendingOutboxCountAsync(CancellationToken.None) == 0, "every report is written", seconds: 30);

        var orders = await survivor.Store.ListOrdersAsync(null, null, 100, CancellationToken.None);
        var reserved = Directory.GetFiles(Path.Combine(ReportsFolder, "work"), "reserved_*.json");
        var findings = await survivor.Host.App.Services.GetRequiredService<ConsistencyChecker>().CheckAsync(CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(reservedWhenKilled, Is.LessThan(20), "the kill landed before the batch was done");
            Assert.That(orders, Has.Count.EqualTo(20));
            Assert.That(orders.Select(o => o.Status), Has.All.EqualTo(OrderStatus.CompletelyReserved));
            Assert.That(orders.Select(o => o.Attempts), Has.All.EqualTo(1), "classified once");
            Assert.That(Simulator.State.Reservations(), Has.Count.EqualTo(20), "one document per order: a retried PUT replays, it does not add");
            Assert.That(reserved, Has.Length.EqualTo(20), "one report per order");
            Assert.That(findings, Is.Empty);
        });
    }

    private static StringContent JsonBody(string orderNo) => new(
        $$"""{"orderNo":"{{orderNo}}","site":"{{WorkerTestHost.Site}}","lines":[{"sku":"SKU-1","quantity":0.5}]}""",
        System.Text.Encoding.UTF8, "application/json");
}
