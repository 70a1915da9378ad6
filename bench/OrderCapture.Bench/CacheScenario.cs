using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OrderCapture.Core.Inventory;
using OrderCapture.Core.Storage;
using OrderCapture.OciSimulator;
using OrderCapture.OciSimulator.State;
using OrderCapture.Worker.Hosting;

namespace OrderCapture.Bench;

/// <summary>
/// The availability cache rebuilt from a full export of N records (export, download, SHA-256,
/// staging, publish), then M deltas applied, all over loopback HTTP against the simulator. The
/// simulator runs in this process, so peak RSS includes its copy of the inventory. With
/// <c>--stores N</c> the group also holds N stores of <c>--store-skus</c> SKUs each, every one a
/// pick-up location of the site (<c>PickupLocations: ["*"]</c>): the rebuild then reads the location
/// graph and exports the stores' lists beside the group's.
/// </summary>
internal static class CacheScenario
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var records = args.Int("records", 1_000_000);
        var deltas = args.Int("deltas", 100_000);
        var stores = args.Int("stores", 0);
        var storeSkus = args.Int("store-skus", 1_000);
        var storeIds = Enumerable.Range(0, stores).Select(i => $"store-{i:D3}").ToList();
        var folder = Directory.CreateTempSubdirectory("ordercapture-bench-cache-").FullName;
        try
        {
            await using var simulator = await OciSimulatorServer.StartAsync(new SimulatorOptions { ExportDelay = TimeSpan.Zero });
            simulator.State.Replace(new InventorySeed
            {
                Locations =
                [
                    new SeedLocation("warehouse-1", [.. Enumerable.Range(0, records).Select(i => new SeedRecord($"SKU-{i}", 1_000))]),
                    .. storeIds.Select(id => new SeedLocation(id, [.. Enumerable.Range(0, storeSkus).Select(i => new SeedRecord($"SKU-{i}", 10))])),
                ],
                Groups = [new SeedGroup("MySiteInventory", ["warehouse-1", .. storeIds])],
            });
            string[] pickup = stores > 0 ? ["--OrderCapture:Sites:0:PickupLocations:0=*"] : [];
            await using var host = await OrderCaptureHost.BuildAsync(
            [
                "--Urls=http://127.0.0.1:0", "--Oci:Mode=Remote", $"--Oci:BaseUrl={simulator.BaseUrl}", $"--OrderCapture:OperatorKeys:0={BenchWorker.ApiKey}", $"--OrderCapture:StorefrontKeys:0={BenchWorker.ApiKey}-storefront",
                $"--OrderCapture:ImpexRoot={Path.Combine(folder, "impex")}", $"--Storage:ConnectionString=Data Source={Path.Combine(folder, "bench.db")}",
                "--Inventory:DeltaPollInterval=00:10:00", "--Connectivity:ProbeInterval=00:10:00", "--Oci:ExportPollInterval=00:00:00.050",
                "--Logging:LogLevel:Default=Warning", "--Logging:Serilog=false", .. pickup,
            ]);
            var store = host.App.Services.GetRequiredService<IOrderStore>();
            var lastSku = $"SKU-{records - 1}";
            var lastStore = storeIds.LastOrDefault();

            // The worker's first sync at start is the rebuild.
            var rebuild = Stopwatch.StartNew();
            await host.App.StartAsync();
            await BenchWorker.WaitAsync(async () => await store.GetAvailabilityAsync("MySiteInventory", lastSku, CancellationToken.None) is not null
                && (lastStore is null || await store.GetAvailabilityAsync(lastStore, $"SKU-{storeSkus - 1}", CancellationToken.None) is not null));
            var rebuildSeconds = rebuild.Elapsed.TotalSeconds;
            var rebuildRss = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;

            var location = new SimPlace(SimPlaceType.Location, "warehouse-1");
            for (var i = 0; i < deltas; i++)
            {
                simulator.State.Consume(location, $"SKU-{i * (records / deltas)}", 1);
            }

            var apply = Stopwatch.StartNew();
            var result = await host.App.Services.GetRequiredService<AvailabilityCacheSync>().SyncOnceAsync(CancellationToken.None);
            var applySeconds = apply.Elapsed.TotalSeconds;
            var changed = await store.GetAvailabilityAsync("MySiteInventory", "SKU-0", CancellationToken.None);
            var expectedAto = 1_000 + (storeSkus > 0 ? stores * 10 : 0) - 1; // the warehouse and every store carry SKU-0
            await host.App.StopAsync();
            var (workerRebuildSeconds, workerPeakMb) = await WorkerOnlyRebuildAsync(simulator, lastSku, lastStore is null ? null : (lastStore, $"SKU-{storeSkus - 1}"), folder);
            var exported = records + ((long)stores * storeSkus);

            BenchReport.Print("cache", [
                ("export_records", records, "records (the group)"),
                ("pickup_stores", stores, "stores in the group, each a pick-up location"),
                ("store_records", (long)stores * storeSkus, "records (the stores' lists)"),
                ("rebuild_seconds", rebuildSeconds, "s (incl. worker start)"),
                ("rebuild_records_per_s", exported / rebuildSeconds, "records/s"),
                ("peak_rss_after_rebuild_mb", rebuildRss, "MB (incl. the simulator)"),
                ("delta_changes", deltas, "changes at OCI"),
                ("delta_records_received", result.DeltasApplied, "records (location + its group)"),
                ("delta_seconds", applySeconds, "s"),
                ("delta_records_per_s", result.DeltasApplied / applySeconds, "records/s"),
                ("cache_sees_change", changed?.Ato == expectedAto ? 1 : 0, "1 = yes"),
                ("worker_process_rebuild_seconds", workerRebuildSeconds, "s (the same rebuild, worker in its own process)"),
                ("worker_process_peak_rss_mb", workerPeakMb, "MB (VmHWM of the worker process alone)"),
            ]);
            return changed?.Ato == expectedAto && result.OutageReason is null ? 0 : 1;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// The same rebuild with the worker as its own process (<c>ordercapture run</c>), so its peak
    /// memory is measured without the simulator's copy of the inventory: Linux's VmHWM of that process.
    /// </summary>
    private static async Task<(double Seconds, double PeakMb)> WorkerOnlyRebuildAsync(OciSimulatorServer simulator, string lastSku, (string Store, string Sku)? lastAtStore, string folder)
    {
        var own = Directory.CreateDirectory(Path.Combine(folder, "worker-process")).FullName;
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = own, RedirectStandardOutput = true, RedirectStandardError = true };
        string[] pickup = lastAtStore is null ? [] : ["--OrderCapture:Sites:0:PickupLocations:0=*"];
        string[] arguments =
        [
            typeof(OrderCaptureHost).Assembly.Location, "run", $"--Urls=http://127.0.0.1:{port}", "--Oci:Mode=Remote", $"--Oci:BaseUrl={simulator.BaseUrl}",
            $"--OrderCapture:OperatorKeys:0={BenchWorker.ApiKey}", $"--OrderCapture:StorefrontKeys:0={BenchWorker.ApiKey}-storefront", $"--OrderCapture:ImpexRoot={Path.Combine(own, "impex")}", $"--OrderCapture:LockFile={Path.Combine(own, "oc.lock")}",
            $"--Storage:ConnectionString=Data Source={Path.Combine(own, "bench.db")}", "--Inventory:DeltaPollInterval=00:10:00", "--Connectivity:ProbeInterval=00:10:00",
            "--Oci:ExportPollInterval=00:00:00.050", "--Logging:LogLevel:Default=Warning", "--Logging:Serilog=false",
            "--OrderCapture:Sites:0:Id=MySite", "--OrderCapture:Sites:0:InventoryListId=MySiteInventory", "--OrderCapture:Sites:0:PlaceType=Group",
            .. pickup,
        ];
        foreach (var arg in arguments)
        {
            start.ArgumentList.Add(arg);
        }

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        http.DefaultRequestHeaders.Add("X-Api-Key", BenchWorker.ApiKey);
        var clock = Stopwatch.StartNew();
        using var worker = Process.Start(start)!;
        worker.OutputDataReceived += (_, _) => { };
        worker.ErrorDataReceived += (_, _) => { };
        worker.BeginOutputReadLine();
        worker.BeginErrorReadLine();
        try
        {
            await BenchWorker.WaitAsync(async () =>
            {
                try
                {
                    using var answer = await http.GetAsync($"/api/availability/MySiteInventory/{lastSku}");
                    if (!answer.IsSuccessStatusCode || lastAtStore is not { } last)
                    {
                        return answer.IsSuccessStatusCode;
                    }

                    using var atStore = await http.GetAsync($"/api/availability/{last.Store}/{last.Sku}");
                    return atStore.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return worker.HasExited ? throw new InvalidOperationException($"the worker process exited ({worker.ExitCode})") : false;
                }
            });
            var seconds = clock.Elapsed.TotalSeconds;
            var peakKb = File.ReadLines($"/proc/{worker.Id}/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
                .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture)).Single();
            return (seconds, peakKb / 1024);
        }
        finally
        {
            worker.Kill();
            await worker.WaitForExitAsync();
        }
    }
}
