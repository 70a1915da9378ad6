using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OrderCapture.Core.Oci;
using OrderCapture.Oci;
using OrderCapture.OciSimulator;
using OrderCapture.OciSimulator.State;

namespace OrderCapture.Core.Tests.Support;

/// <summary>A simulator on a free loopback port and the real OCI client wired to it through DI.</summary>
public sealed class OciTestContext : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private OciTestContext(OciSimulatorServer simulator, ServiceProvider services)
    {
        Simulator = simulator;
        _services = services;
        Raw = new HttpClient { BaseAddress = simulator.BaseUrl };
    }

    public OciSimulatorServer Simulator { get; }

    public IOciClient Client => _services.GetRequiredService<IOciClient>();

    public OciCircuit Circuit => _services.GetRequiredService<OciCircuit>();

    /// <summary>A plain HTTP client to the simulator, for the control API and raw contract checks.</summary>
    public HttpClient Raw { get; }

    public static InventorySeed StandardSeed { get; } = new()
    {
        Locations =
        [
            new SeedLocation("store-1", [new SeedRecord("SKU-1", 10), new SeedRecord("SKU-2", 5)]),
            new SeedLocation("store-2", [new SeedRecord("SKU-1", 4, SafetyStockCount: 1), new SeedRecord("SKU-3", 2, Futures: [new SimFuture(3, null)])]),
        ],
        Groups = [new SeedGroup("MySiteInventory", ["store-1", "store-2"])],
    };

    public static async Task<OciTestContext> StartAsync(Action<OciOptions>? configure = null, SimulatorOptions? simulatorOptions = null, InventorySeed? seed = null)
    {
        var simulator = await OciSimulatorServer.StartAsync(simulatorOptions ?? new SimulatorOptions { ExportDelay = TimeSpan.FromMilliseconds(50) });
        simulator.State.Replace(seed ?? StandardSeed);
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddOciClient(o => o.Configure(options =>
        {
            options.BaseUrl = simulator.BaseUrl;
            options.ExportPollInterval = TimeSpan.FromMilliseconds(20);
            options.Resilience.AttemptTimeout = TimeSpan.FromSeconds(2);
            options.Resilience.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
            options.Resilience.MaxRetryAttempts = 2;
            configure?.Invoke(options);
        }));
        return new OciTestContext(simulator, services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }));
    }

    /// <summary>A raw client with a token of its own, for OCI paths the typed client does not offer. Disposed with the context.</summary>
    public async Task<HttpClient> AuthorisedRawAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/dwsso/oauth2/access_token")
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("ordercapture:simulator-secret")));
        using var response = await Raw.SendAsync(request);
        var token = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("access_token").GetString();
        var http = new HttpClient { BaseAddress = Simulator.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        _authorised.Add(http);
        return http;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails after 10 s.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "the condition did not hold in time");
            await Task.Delay(20);
        }
    }

    private readonly List<HttpClient> _authorised = [];

    public async Task SetFaultAsync(string mode, double? latencyMs = null, int? requestsPerSecond = null, int? count = null)
    {
        using var response = await Raw.PutAsJsonAsync("/_sim/faults", new { mode, latency = latencyMs, requestsPerSecond, count });
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        Raw.Dispose();
        _authorised.ForEach(h => h.Dispose());
        await _services.DisposeAsync();
        await Simulator.DisposeAsync();
    }
}
