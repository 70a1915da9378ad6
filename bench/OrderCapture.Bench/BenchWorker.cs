using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using OrderCapture.OciSimulator;
using OrderCapture.OciSimulator.State;
using OrderCapture.Worker.Hosting;

namespace OrderCapture.Bench;

/// <summary>A simulator and the real worker in Remote mode on loopback, in a temp folder, for one scenario.</summary>
internal sealed class BenchWorker : IAsyncDisposable
{
    /// <summary>The operator key (it may also capture); the worker takes no other.</summary>
    public const string ApiKey = "bench-operator-key-0123456789";

    private BenchWorker(string folder, OciSimulatorServer simulator, OrderCaptureHost host, HttpClient http)
    {
        Folder = folder;
        Simulator = simulator;
        Host = host;
        Http = http;
    }

    public string Folder { get; }

    public OciSimulatorServer Simulator { get; }

    public OrderCaptureHost Host { get; }

    public HttpClient Http { get; }

    public static Task<BenchWorker> StartAsync(int skus, decimal onHand, params string[] settings) => StartAsync(skus, onHand, RepeatedPutAnswer.FirstResult, settings);

    public static async Task<BenchWorker> StartAsync(int skus, decimal onHand, RepeatedPutAnswer repeatedPut, params string[] settings)
    {
        var folder = Directory.CreateTempSubdirectory("ordercapture-bench-").FullName;
        var simulator = await OciSimulatorServer.StartAsync(new SimulatorOptions { ExportDelay = TimeSpan.Zero, RepeatedPut = repeatedPut });
        simulator.State.Replace(new InventorySeed
        {
            Locations = [new SeedLocation("warehouse-1", [.. Enumerable.Range(0, skus).Select(i => new SeedRecord($"SKU-{i}", onHand))])],
            Groups = [new SeedGroup("MySiteInventory", ["warehouse-1"])],
        });
        var host = await OrderCaptureHost.BuildAsync(
        [
            "--Urls=http://127.0.0.1:0", "--Oci:Mode=Remote", $"--Oci:BaseUrl={simulator.BaseUrl}", $"--OrderCapture:OperatorKeys:0={ApiKey}", $"--OrderCapture:StorefrontKeys:0={ApiKey}-storefront",
            $"--OrderCapture:ImpexRoot={Path.Combine(folder, "impex")}", $"--Storage:ConnectionString=Data Source={Path.Combine(folder, "bench.db")}",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.AspNetCore.HttpLogging=Warning", "--Logging:Serilog=false", .. settings,
        ]);
        await host.App.StartAsync();
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512 }) { BaseAddress = host.BaseUrl };
        http.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        var worker = new BenchWorker(folder, simulator, host, http);
        await WaitAsync(async () => (await http.GetAsync("/api/availability/MySiteInventory/SKU-0")).IsSuccessStatusCode);
        return worker;
    }

    public async Task CutOciAsync()
    {
        Simulator.Faults.Set(new FaultSettings(FaultMode.Error503, TimeSpan.Zero, 0));
        await WaitAsync(async () => await StatusAsync() is { } s && s.GetProperty("oci").GetString() == "offline");
    }

    public async Task<JsonElement> StatusAsync() => await Http.GetFromJsonAsync<JsonElement>("/api/status");

    public static async Task WaitAsync(Func<Task<bool>> condition, double seconds = 600)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed.TotalSeconds > seconds)
            {
                throw new TimeoutException("the worker did not reach the expected state");
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        await Simulator.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
