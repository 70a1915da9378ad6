using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using OrderCapture.OciSimulator.State;

namespace OrderCapture.Bench;

/// <summary>
/// N orders queued offline through HTTP; OCI comes back, the probes notice, and entering
/// Recovering runs the Quartz reconciliation job against the simulator, timed by the run itself. With --limit the simulator rate-limits
/// OCI calls; the reference is that limit (utilisation = reservations/s ÷ limit). With --hot-skus N
/// every order asks for one of only N SKUs, so orders contend for the same stock and go to OCI one
/// after another in capture order (invariant 11); the default spreads them over 1,000 SKUs.
/// </summary>
internal static class ReconcileScenario
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var orders = args.Int("orders", 10_000);
        var limit = args.Int("limit", 0);
        var parallel = args.Int("parallel", 8);
        var skus = args.Int("hot-skus", 1000);
        await using var worker = await BenchWorker.StartAsync(1000, 1_000_000,
            "--Connectivity:ProbeInterval=00:00:00.200", "--Connectivity:ProbeSuccessThreshold=2", "--Inventory:DeltaPollInterval=00:00:01", $"--Reconciliation:MaxParallelRequests={parallel}",
            "--Reconciliation:BatchSize=500", "--Oci:Resilience:MaxRetryAfter=00:00:00");
        await worker.CutOciAsync();

        var queueClock = Stopwatch.StartNew();
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, 32).Select(async _ =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) <= orders)
            {
                using var response = await worker.Http.PostAsJsonAsync("/api/orders", new { orderNo = $"r{n}", site = "MySite", lines = new[] { new { sku = $"SKU-{n % skus}", quantity = 1 } } });
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    throw new InvalidOperationException($"order r{n}: {(int)response.StatusCode}");
                }
            }
        }));
        var queueSeconds = queueClock.Elapsed.TotalSeconds;

        worker.Simulator.Faults.Set(limit > 0 ? new FaultSettings(FaultMode.RateLimit, TimeSpan.Zero, limit) : FaultSettings.None);
        // The real recovery path: probes see OCI back, Recovering fires the reconciliation job.
        var clock = Stopwatch.StartNew();

        await BenchWorker.WaitAsync(async () => (await worker.StatusAsync()).GetProperty("queue").GetProperty("reservationMissing").GetInt64() == 0
            && (await worker.StatusAsync()).GetProperty("lastReconciliation").ValueKind == System.Text.Json.JsonValueKind.Object);
        var wall = clock.Elapsed.TotalSeconds;
        var run = (await worker.StatusAsync()).GetProperty("lastReconciliation");
        var runSeconds = (run.GetProperty("finishedAt").GetDateTimeOffset() - run.GetProperty("startedAt").GetDateTimeOffset()).TotalSeconds;
        var documents = worker.Simulator.State.Reservations().Count;
        var throttled = worker.Simulator.Stats.Get("createReservation", 429);

        BenchReport.Print("reconcile", [
            ("orders", orders, ""),
            ("skus", skus, "(--hot-skus)"),
            ("queue_fill_orders_per_s", orders / queueSeconds, "orders/s"),
            ("run_seconds", runSeconds, "s"),
            ("wall_seconds_trigger_to_empty", wall, "s"),
            ("reconciled_orders_per_s", orders / runSeconds, "orders/s"),
            ("completely_reserved", run.GetProperty("completelyReserved").GetInt32(), "orders"),
            ("documents_at_simulator", documents, "documents"),
            ("rate_limit", limit, "req/s (0 = none)"),
            ("responses_429", throttled, "responses"),
            ("utilisation_of_limit_pct", limit > 0 ? 100.0 * orders / runSeconds / limit : double.NaN, "%"),
        ]);
        return documents == orders ? 0 : 1;
    }
}
