using OrderCapture.OciSimulator;
using OrderCapture.OciSimulator.State;

namespace OrderCapture.Worker.Tests.Support;

/// <summary>
/// A fixture with its own simulator and temp folder per test; the test starts the worker with
/// the settings it needs. Everything is stopped and deleted after each test.
/// </summary>
public abstract class WorkerTestBase
{
    protected OciSimulatorServer Simulator { get; private set; } = null!;

    protected string Folder { get; private set; } = null!;

    protected WorkerTestHost Worker { get; set; } = null!;

    /// <summary>The stock the simulator starts with; 10 units of SKU-1 unless a fixture says otherwise.</summary>
    protected virtual InventorySeed Seed => WorkerTestHost.Seed(10);

    /// <summary>How the simulator behaves; exports complete at once unless a fixture says otherwise.</summary>
    protected virtual SimulatorOptions SimulatorOptions => new() { ExportDelay = TimeSpan.Zero };

    [SetUp]
    public async Task StartSimulatorAsync()
    {
        Simulator = await OciSimulatorServer.StartAsync(SimulatorOptions);
        Simulator.State.Replace(Seed);
        Folder = WorkerTestHost.NewFolder();
    }

    [TearDown]
    public async Task StopAsync()
    {
        if (Worker is not null)
        {
            await Worker.DisposeAsync();
        }

        await Simulator.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }

    /// <summary>Starts the worker and waits until its cache knows <paramref name="sku"/>.</summary>
    protected async Task StartWorkerAsync(IDictionary<string, string>? settings = null, string sku = "SKU-1")
    {
        Worker = await WorkerTestHost.StartAsync(Simulator, Folder, settings);
        await Worker.WaitForCacheAsync(sku);
    }
}
