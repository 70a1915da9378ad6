using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrderCapture.Core.Storage;
using OrderCapture.OciSimulator;
using OrderCapture.OciSimulator.State;
using OrderCapture.Worker.Hosting;

namespace OrderCapture.Worker.Tests.Support;

/// <summary>
/// The real worker on a free loopback port, in Remote mode against a simulator the test owns,
/// with its SQLite file and IMPEX root in a temp directory that outlives restarts of the worker.
/// </summary>
public sealed class WorkerTestHost : IAsyncDisposable
{
    /// <summary>The operator key every test client sends unless it says otherwise.</summary>
    public const string ApiKey = "test-operator-key-0123456789";

    /// <summary>A storefront's key: capture, cancel, read an order, availability.</summary>
    public const string StorefrontKey = "test-storefront-key-0123456789";
    public const string Site = "MySite";
    public const string List = "MySiteInventory";

    private WorkerTestHost(OrderCaptureHost host, string folder)
    {
        Host = host;
        Folder = folder;
        Http = new HttpClient { BaseAddress = host.BaseUrl };
        Http.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
    }

    public OrderCaptureHost Host { get; }

    public string Folder { get; }

    public HttpClient Http { get; }

    public IOrderStore Store => Host.App.Services.GetRequiredService<IOrderStore>();

    public string ReportsFolder => Path.Combine(Folder, "impex", "src", "continuous_order_capture");

    public static InventorySeed Seed(decimal onHand, params string[] skus) => new()
    {
        Locations = [new SeedLocation("warehouse-1", [.. (skus.Length == 0 ? ["SKU-1"] : skus).Select(s => new SeedRecord(s, onHand))])],
        Groups = [new SeedGroup(List, ["warehouse-1"])],
    };

    public static async Task<WorkerTestHost> StartAsync(
        OciSimulatorServer simulator,
        string folder,
        IDictionary<string, string>? settings = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var host = await OrderCaptureHost.BuildAsync(SettingsArgs(simulator, folder, settings), configureServices);
        await host.App.StartAsync();
        return new WorkerTestHost(host, folder);
    }

    /// <summary>The worker's configuration for a test, as <c>--Key=Value</c> tokens (also for the CLI in a child process).</summary>
    public static string[] SettingsArgs(OciSimulatorServer simulator, string folder, IDictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Oci:Mode"] = "Remote",
            ["Oci:BaseUrl"] = simulator.BaseUrl.ToString(),
            ["Oci:Resilience:AttemptTimeout"] = "00:00:01",
            ["Oci:Resilience:MaxRetryAttempts"] = "1",
            ["Oci:Resilience:RetryBaseDelay"] = "00:00:00.010",
            ["Oci:Resilience:BreakerBreakDuration"] = "00:00:00.500",
            ["OrderCapture:OperatorKeys:0"] = ApiKey,
            ["OrderCapture:StorefrontKeys:0"] = StorefrontKey,
            ["OrderCapture:ImpexRoot"] = Path.Combine(folder, "impex"),
            ["OrderCapture:Sites:0:Id"] = Site,
            ["OrderCapture:Sites:0:InventoryListId"] = List,
            ["OrderCapture:Sites:0:PlaceType"] = "Group",
            ["OrderCapture:Sites:0:TimeZone"] = "UTC",
            ["Storage:ConnectionString"] = $"Data Source={Path.Combine(folder, "ordercapture.db")}",
            ["Inventory:DeltaPollInterval"] = "00:00:00.100",
            ["Connectivity:ProbeInterval"] = "00:00:00.100",
            ["Connectivity:ProbeSuccessThreshold"] = "2",
            ["OrderCapture:LockFile"] = Path.Combine(folder, "ordercapture.lock"),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:Serilog"] = "false", // test output stays on the default logger; no log files in the test folder
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        return [.. all.Select(kv => $"--{kv.Key}={kv.Value}")];
    }

    public static string NewFolder() => Directory.CreateTempSubdirectory("ordercapture-test-").FullName;

    public Task<HttpResponseMessage> PostOrderAsync(string orderNo, params (string Sku, decimal Quantity)[] lines) =>
        Http.PostAsJsonAsync("/api/orders", new { orderNo, site = Site, lines = lines.Select(l => new { sku = l.Sku, quantity = l.Quantity }) });

    public async Task<JsonElement> GetJsonAsync(string path) => await Http.GetFromJsonAsync<JsonElement>(path);

    public async Task<(decimal Ato, decimal Held, decimal Effective, DateTimeOffset? AsOf)> AvailabilityAsync(string sku = "SKU-1")
    {
        var json = await GetJsonAsync($"/api/availability/{List}/{sku}");
        var asOf = json.GetProperty("asOf");
        return (json.GetProperty("ato").GetDecimal(), json.GetProperty("held").GetDecimal(), json.GetProperty("effectiveAto").GetDecimal(),
            asOf.ValueKind == JsonValueKind.Null ? null : asOf.GetDateTimeOffset());
    }

    public async Task<string> OciStateAsync() => (await GetJsonAsync("/api/status")).GetProperty("oci").GetString()!;

    /// <summary>Polls until the condition holds; fails the test after the timeout.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, double seconds = 15)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed.TotalSeconds > seconds)
            {
                Assert.Fail($"Timed out after {seconds}s waiting until {what}");
            }

            await Task.Delay(25);
        }
    }

    /// <summary>Waits until the cache has loaded the SKU.</summary>
    public Task WaitForCacheAsync(string sku = "SKU-1") => WaitUntilAsync(async () =>
    {
        using var response = await Http.GetAsync($"/api/availability/{List}/{sku}");
        return response.IsSuccessStatusCode;
    }, $"the cache knows {sku}");

    /// <summary>Cuts OCI (every call answers 503) and waits until the worker says it is offline.</summary>
    public async Task CutOciAsync(OciSimulatorServer simulator)
    {
        simulator.Faults.Set(new FaultSettings(FaultMode.Error503, TimeSpan.Zero, 0));
        await WaitUntilAsync(async () => await OciStateAsync() == "offline", "the worker reports OCI offline");
        // The transition is visible a moment before its alert is stored.
        await WaitUntilAsync(async () => (await Store.ListAlertsAsync(null, 100, CancellationToken.None)).Any(a => a.Kind == "oci_offline"), "the outage is alerted");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.App.StopAsync();
        await Host.DisposeAsync();
    }
}
