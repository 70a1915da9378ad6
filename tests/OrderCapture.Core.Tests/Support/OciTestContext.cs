using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OrderCapture.Core.Oci;
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

    public async Task SetFaultAsync(string mode, double? latencyMs = null, int? requestsPerSecond = null, int? count = null)
    {
        using var response = await Raw.PutAsJsonAsync("/_sim/faults", new { mode, latency = latencyMs, requestsPerSecond, count });
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        Raw.Dispose();
        await _services.DisposeAsync();
        await Simulator.DisposeAsync();
    }
}
