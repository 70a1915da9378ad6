using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Storage;
using OrderCapture.OciSimulator;
using OrderCapture.OciSimulator.State;
using OrderCapture.Testing;
using OrderCapture.Worker.Hosting;

namespace OrderCapture.Bench;

/// <summary>
/// One and then two worker instances on one PostgreSQL database (a private PostgreSQL 15 cluster
/// started for the run) and one simulator: offline capture with N clients spread over the
/// instances, then the queue reconciled after OCI returns. Reference: the same capture against
/// one instance on the embedded SQLite store, in the same run.
/// </summary>
internal static class ScaleOutScenario
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var clients = args.Int("clients", 32);
        var seconds = args.Int("seconds", 10);
        var statements = args.String("pg-statements", "");
        await using var cluster = await PostgresCluster.StartAsync(statements.Length > 0 ? PgStatements.Settings : []);
        // --runs sqlite_1,postgres_1 measures only those (the ratio needs both in one run).
        var runs = args.String("runs", "sqlite_1,postgres_1,postgres_2").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var rows = new List<(string, double, string)> { ("clients", clients, "") };
        foreach (var (label, instances, postgres) in new[] { ("sqlite_1", 1, false), ("postgres_1", 1, true), ("postgres_2", 2, true) }.Where(r => runs.Contains(r.Item1)))
        {
            var (captured, perSecond, reconcileSeconds) = await RunOnceAsync(cluster, instances, postgres, clients, seconds, postgres && statements.Length > 0 ? (statements, label) : null);
            rows.Add(($"{label}_capture_orders_per_s", perSecond, "orders/s"));
            rows.Add(($"{label}_queued", captured, "orders"));
            rows.Add(($"{label}_reconcile_orders_per_s", captured / reconcileSeconds, "orders/s"));
        }

        BenchReport.Print("scaleout", rows);
        return 0;
    }

    private static async Task<(int Captured, double PerSecond, double ReconcileSeconds)> RunOnceAsync(PostgresCluster cluster, int count, bool postgres, int clients, int seconds, (string File, string Label)? statements)
    {
        var folder = Directory.CreateTempSubdirectory("ordercapture-scaleout-").FullName;
        await using var simulator = await OciSimulatorServer.StartAsync(new SimulatorOptions { ExportDelay = TimeSpan.Zero });
        simulator.State.Replace(new InventorySeed
        {
            Locations = [new SeedLocation("warehouse-1", [.. Enumerable.Range(0, 1000).Select(i => new SeedRecord($"SKU-{i}", 100_000_000))])],
            Groups = [new SeedGroup("MySiteInventory", ["warehouse-1"])],
        });
        var storage = postgres
            ? await cluster.CreateDatabaseAsync()
            : $"Data Source={Path.Combine(folder, "bench.db")}";
        var hosts = new List<OrderCaptureHost>();
        var https = new List<HttpClient>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var host = await OrderCaptureHost.BuildAsync(
                [
                    "--Urls=http://127.0.0.1:0", "--Oci:Mode=Remote", $"--Oci:BaseUrl={simulator.BaseUrl}", $"--OrderCapture:OperatorKeys:0={BenchWorker.ApiKey}", $"--OrderCapture:StorefrontKeys:0={BenchWorker.ApiKey}-storefront",
                    $"--OrderCapture:ImpexRoot={Path.Combine(folder, "impex")}", $"--OrderCapture:LockFile={Path.Combine(folder, $"{i}.lock")}",
                    $"--Storage:Provider={(postgres ? "Postgres" : "Sqlite")}", $"--Storage:ConnectionString={storage}",
                    "--Connectivity:ProbeInterval=00:00:00.500", "--Logging:LogLevel:Default=Warning", "--Logging:Serilog=false",
                ]);
                await host.App.StartAsync();
                hosts.Add(host);
                var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512 }) { BaseAddress = host.BaseUrl };
                http.DefaultRequestHeaders.Add("X-Api-Key", BenchWorker.ApiKey);
                https.Add(http);
                await BenchWorker.WaitAsync(async () => (await http.GetAsync("/api/availability/MySiteInventory/SKU-0")).IsSuccessStatusCode);
            }

            simulator.Faults.Set(new FaultSettings(FaultMode.Error503, TimeSpan.Zero, 0));
            foreach (var http in https)
            {
                await BenchWorker.WaitAsync(async () => (await http.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/status")).GetProperty("oci").GetString() == "offline");
            }

            var next = 0;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
            {
                var http = https[c % https.Count];
                while (clock.Elapsed.TotalSeconds < seconds)
                {
                    var n = Interlocked.Increment(ref next);
                    using var response = await http.PostAsJsonAsync("/api/orders", new { orderNo = $"s{n}", site = "MySite", lines = new[] { new { sku = $"SKU-{n % 1000}", quantity = 1 } } });
                    if (response.StatusCode != HttpStatusCode.Created)
                    {
                        throw new InvalidOperationException($"order s{n}: {(int)response.StatusCode}");
                    }
                }
            }));
            var captureSeconds = clock.Elapsed.TotalSeconds;

            var store = hosts[0].App.Services.GetRequiredService<IOrderStore>();
            var queued = (int)(await store.CountByStatusAsync(CancellationToken.None))[OrderStatus.ReservationMissing];
            if (statements is not null)
            {
                await PgStatements.ResetAsync(storage);
            }

            var reconcile = Stopwatch.StartNew();
            simulator.Faults.Set(FaultSettings.None);
            await BenchWorker.WaitAsync(async () => (await store.CountByStatusAsync(CancellationToken.None))[OrderStatus.ReservationMissing] == 0);
            var reconcileSeconds = reconcile.Elapsed.TotalSeconds;
            if (statements is { } to)
            {
                await PgStatements.AppendAsync(storage, to.File, to.Label, queued);
            }

            return (queued, queued / captureSeconds, reconcileSeconds);
        }
        finally
        {
            https.ForEach(h => h.Dispose());
            foreach (var host in hosts)
            {
                await host.App.StopAsync();
                await host.DisposeAsync();
            }

            Directory.Delete(folder, recursive: true);
        }
    }
}
