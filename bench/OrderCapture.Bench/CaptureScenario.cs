using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;

namespace OrderCapture.Bench;

/// <summary>
/// Offline orders through HTTP into the durable store (SQLite, synchronous=FULL), with OCI cut
/// at the simulator. Closed loop with N clients for throughput; open loop at a fixed rate for
/// latency (measured from the scheduled send time, so a stall is not hidden). Reference: fsyncs
/// per second of the same disk, measured in the same run.
/// </summary>
internal static class CaptureScenario
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var clients = args.Int("clients", 32);
        var seconds = args.Int("seconds", 10);
        var rate = args.Int("rate", 1000);
        await using var worker = await BenchWorker.StartAsync(1000, 100_000_000, "--Connectivity:ProbeInterval=00:10:00");
        var (fsyncs, slowestFsync, fsyncsOver50) = FsyncProbe(worker.Folder, TimeSpan.FromSeconds(10)); // the folder the store writes to
        var http = worker.Http;
        await worker.CutOciAsync();
        {
            var next = 0;
            Task<HttpStatusCode> Post() => PostAsync(http, Interlocked.Increment(ref next));
            await ClosedLoopAsync(Post, clients, TimeSpan.FromSeconds(1)); // warm-up
            var store = worker.Host.App.Services.GetRequiredService<OrderCapture.Core.Storage.IOrderStore>();
            var (closedCount, closedLatencies, closedElapsed) = await ClosedLoopAsync(Post, clients, TimeSpan.FromSeconds(seconds));
            var closedBacklog = await store.PendingOutboxCountAsync(CancellationToken.None);
            var closedDrain = Stopwatch.StartNew();
            await BenchWorker.WaitAsync(async () => await store.PendingOutboxCountAsync(CancellationToken.None) == 0);
            var closedDrainSeconds = closedDrain.Elapsed.TotalSeconds;

            // Each phase starts with every report written, so one phase's backlog does not bill the next.
            var (openCount, openLatencies) = await OpenLoopAsync(Post, rate, TimeSpan.FromSeconds(seconds));

            var openBacklog = await store.PendingOutboxCountAsync(CancellationToken.None);

            // The floor: the same bodies from the same clients to an endpoint that parses and validates
            // and stores nothing. Durable capture can be no faster than this on this machine.
            Task<HttpStatusCode> Validate() => PostAsync(http, Interlocked.Increment(ref next), "/api/orders/validate", HttpStatusCode.OK);
            var (floorCount, floorLatencies, floorElapsed) = await ClosedLoopAsync(Validate, clients, TimeSpan.FromSeconds(seconds));
            var (floorOpenCount, floorOpenLatencies) = await OpenLoopAsync(Validate, rate, TimeSpan.FromSeconds(seconds));
            var closedPerSecond = closedCount / closedElapsed.TotalSeconds;
            var floorPerSecond = floorCount / floorElapsed.TotalSeconds;

            BenchReport.Print("capture", [
                ("clients", clients, ""),
                ("closed_loop_orders_per_s", closedCount / closedElapsed.TotalSeconds, "orders/s"),
                ("closed_loop_p50_ms", BenchReport.Percentile(closedLatencies, 50), "ms"),
                ("closed_loop_p99_ms", BenchReport.Percentile(closedLatencies, 99), "ms"),
                ("open_loop_rate", rate, "orders/s offered"),
                ("open_loop_accepted", openCount, "orders"),
                ("open_loop_p50_ms", BenchReport.Percentile(openLatencies, 50), "ms"),
                ("open_loop_p99_ms", BenchReport.Percentile(openLatencies, 99), "ms"),
                ("reference_fsyncs_per_s", fsyncs, "fsync/s"),
                ("reference_slowest_fsync_ms", slowestFsync, "ms (10 s probe)"),
                ("reference_fsyncs_over_50ms", fsyncsOver50, "in 10 s"),
                ("orders_per_fsync", closedCount / closedElapsed.TotalSeconds / fsyncs, "ratio"),
                ("closed_loop_files_backlog_at_end", closedBacklog, "files not yet written"),
                ("closed_loop_backlog_drain_seconds", closedDrainSeconds, "s"),
                ("closed_loop_sustained_orders_per_s", closedCount / (closedElapsed.TotalSeconds + closedDrainSeconds), "orders/s incl. writing their files"),
                ("open_loop_files_backlog_at_end", openBacklog, "files not yet written"),
                ("floor_closed_loop_orders_per_s", floorPerSecond, "orders/s parsed and validated, nothing stored"),
                ("floor_closed_loop_p50_ms", BenchReport.Percentile(floorLatencies, 50), "ms"),
                ("floor_open_loop_p50_ms", BenchReport.Percentile(floorOpenLatencies, 50), $"ms ({floorOpenCount} at {rate}/s)"),
                ("durable_over_floor", closedPerSecond / floorPerSecond, "closed loop, durable ÷ floor"),
                ("durable_over_floor_open_p50", BenchReport.Percentile(openLatencies, 50) / BenchReport.Percentile(floorOpenLatencies, 50), "open-loop p50, durable ÷ floor"),
            ]);
            return 0;
        }
    }

    private static async Task<HttpStatusCode> PostAsync(HttpClient http, int n, string path = "/api/orders", HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var response = await http.PostAsJsonAsync(path, new { orderNo = $"b{n}", site = "MySite", lines = new[] { new { sku = $"SKU-{n % 1000}", quantity = 1 } } });
        return response.StatusCode == expected ? response.StatusCode : throw new InvalidOperationException($"order b{n} to {path}: {(int)response.StatusCode}");
    }

    private static async Task<(int Count, List<double> Latencies, TimeSpan Elapsed)> ClosedLoopAsync(Func<Task<HttpStatusCode>> post, int clients, TimeSpan duration)
    {
        var latencies = new List<double>[clients];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            latencies[c] = [];
            while (clock.Elapsed < duration)
            {
                var start = clock.Elapsed;
                await post();
                latencies[c].Add((clock.Elapsed - start).TotalMilliseconds);
            }
        }));
        var all = latencies.SelectMany(l => l).Order().ToList();
        return (all.Count, all, clock.Elapsed);
    }

    private static async Task<(int Count, List<double> Latencies)> OpenLoopAsync(Func<Task<HttpStatusCode>> post, int rate, TimeSpan duration)
    {
        var total = (int)(rate * duration.TotalSeconds);
        var latencies = new double[total];
        var clock = Stopwatch.StartNew();
        var sends = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var scheduled = TimeSpan.FromSeconds((double)i / rate);
            var wait = scheduled - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            var index = i;
            sends.Add(Task.Run(async () =>
            {
                await post();
                latencies[index] = (clock.Elapsed - scheduled).TotalMilliseconds;
            }));
        }

        await Task.WhenAll(sends);
        return (total, latencies.Order().ToList());
    }

    /// <summary>
    /// Small writes each followed by fsync, on the disk the store uses: the ceiling for one commit per
    /// order, and the slowest single fsync, which bounds the latency tail of every durable commit.
    /// </summary>
    private static (double PerSecond, double SlowestMs, int Over50Ms) FsyncProbe(string folder, TimeSpan duration)
    {
        var path = Path.Combine(folder, "fsync.probe");
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None);
        var block = new byte[4096];
        var clock = Stopwatch.StartNew();
        var latencies = new List<double>();
        while (clock.Elapsed < duration)
        {
            var start = clock.Elapsed;
            file.Write(block);
            file.Flush(flushToDisk: true);
            latencies.Add((clock.Elapsed - start).TotalMilliseconds);
        }

        latencies.Sort();
        return (latencies.Count / clock.Elapsed.TotalSeconds, latencies[^1], latencies.Count(l => l > 50));
    }
}
