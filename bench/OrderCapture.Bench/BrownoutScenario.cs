using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using OrderCapture.OciSimulator;
using OrderCapture.OciSimulator.State;

namespace OrderCapture.Bench;

/// <summary>
/// Online capture while OCI browns out: 32 storefront clients post orders (closed loop) while the
/// simulator cycles hang → 503 → 5 s latency → healthy, a few seconds each. The worker runs with the
/// shipped resilience settings (10 s per attempt, 3 retries: 40 s before the online budget existed),
/// so only <c>Capture:OnlineBudget</c> bounds an answer. Printed beside the answer times: the
/// budget itself, the in-run reference every answer must stay within (+250 ms). Then OCI stays
/// healthy until reconciliation has emptied the queue, and the run counts the orders that ended in
/// NeedsReview: with <c>--repeated-put conflict</c> OCI answers every repeated PUT 409, as its spec
/// allows, and answers lost in the hang must still not become an operator's job.
/// </summary>
internal static class BrownoutScenario
{
    private static readonly (string Name, FaultSettings Fault)[] Phases =
    [
        ("hang", new FaultSettings(FaultMode.Hang, TimeSpan.Zero, 0)),
        ("error503", new FaultSettings(FaultMode.Error503, TimeSpan.Zero, 0)),
        ("latency5s", new FaultSettings(FaultMode.Latency, TimeSpan.FromSeconds(5), 0)),
        ("healthy", FaultSettings.None),
    ];

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var clients = args.Int("clients", 32);
        var seconds = args.Int("seconds", 40);
        var phaseSeconds = args.Int("phase", 4);
        var budget = TimeSpan.FromMilliseconds(args.Int("budget-ms", 2000));
        var repeatedPut = string.Equals(args.String("repeated-put", "first"), "conflict", StringComparison.OrdinalIgnoreCase) ? RepeatedPutAnswer.Conflict : RepeatedPutAnswer.FirstResult;
        await using var worker = await BenchWorker.StartAsync(1000, 100_000_000, repeatedPut,
            $"--Capture:OnlineBudget={budget}", "--Connectivity:ProbeInterval=00:00:01", "--Reconciliation:Schedule=0/2 * * * * ?", "--Capture:AttemptLease=00:00:05");
        var clock = Stopwatch.StartNew();
        var duration = TimeSpan.FromSeconds(seconds);
        var statuses = new Dictionary<string, int>(StringComparer.Ordinal);
        var latencies = new List<double>[clients];
        var next = 0;

        var toggler = Task.Run(async () =>
        {
            for (var phase = 0; clock.Elapsed < duration; phase++)
            {
                worker.Simulator.Faults.Set(Phases[phase % Phases.Length].Fault);
                await Task.Delay(TimeSpan.FromSeconds(phaseSeconds));
            }

            worker.Simulator.Faults.Set(FaultSettings.None);
        });
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            latencies[c] = [];
            while (clock.Elapsed < duration)
            {
                var n = Interlocked.Increment(ref next);
                var start = clock.Elapsed;
                using var response = await worker.Http.PostAsJsonAsync("/api/orders",
                    new { orderNo = $"b{n}", site = "MySite", lines = new[] { new { sku = $"SKU-{n % 1000}", quantity = 1 } } });
                latencies[c].Add((clock.Elapsed - start).TotalMilliseconds);
                var answer = response.IsSuccessStatusCode
                    ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString()!
                    : $"http_{(int)response.StatusCode}";
                lock (statuses)
                {
                    statuses[answer] = statuses.GetValueOrDefault(answer) + 1;
                }
            }
        }));
        var elapsed = clock.Elapsed;
        await toggler;

        var drain = Stopwatch.StartNew();
        await BenchWorker.WaitAsync(async () => (await worker.StatusAsync()).GetProperty("queue").GetProperty("reservationMissing").GetInt64() == 0);
        var drainSeconds = drain.Elapsed.TotalSeconds;
        var needsReview = (await worker.Http.GetFromJsonAsync<JsonElement>("/api/orders?status=NeedsReview&limit=10000")).GetArrayLength();

        var all = latencies.SelectMany(l => l).Order().ToList();
        BenchReport.Print("brownout", [
            ("clients", clients, ""),
            ("phase_seconds", phaseSeconds, "s each of hang, 503, 5 s latency, healthy"),
            ("reference_budget_ms", budget.TotalMilliseconds, "ms (Capture:OnlineBudget)"),
            ("answer_p50_ms", BenchReport.Percentile(all, 50), "ms"),
            ("answer_p99_ms", BenchReport.Percentile(all, 99), "ms"),
            ("answer_max_ms", all[^1], "ms"),
            ("max_over_budget_ms", all[^1] - budget.TotalMilliseconds, "ms (target ≤ 250)"),
            ("orders_per_s", all.Count / elapsed.TotalSeconds, "orders/s (target ≥ 500)"),
            ("answered_reserved", statuses.GetValueOrDefault("Reserved"), "orders reserved online"),
            ("answered_reservation_missing", statuses.GetValueOrDefault("ReservationMissing"), "orders accepted from the cache"),
            ("answered_other", statuses.Where(s => s.Key is not ("Reserved" or "ReservationMissing")).Sum(s => s.Value), "answers neither (409, 503, …)"),
            ("repeated_put_conflict", repeatedPut == RepeatedPutAnswer.Conflict ? 1 : 0, "1 = the simulator answers every repeated PUT 409"),
            ("queue_drain_seconds", drainSeconds, "s until reconciliation emptied the queue"),
            ("needs_review", needsReview, "orders in NeedsReview after the run (target 0)"),
        ]);
        return 0;
    }
}
