using Microsoft.Extensions.DependencyInjection;
using OrderCapture.Testing;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.ScaleOut;

/// <summary>
/// Worker instances on one fresh PostgreSQL database per test, sharing the simulator and one IMPEX
/// share, each with a folder of its own (its lock file): what a merchant running several gets.
/// </summary>
public abstract class PostgresInstancesTestBase : WorkerTestBase
{
    private readonly List<WorkerTestHost> _instances = [];

    protected string Database { get; private set; } = null!;

    [SetUp]
    public async Task CreateDatabaseAsync() => Database = await (await PostgresCluster.SharedAsync()).CreateDatabaseAsync();

    [TearDown]
    public async Task StopInstancesAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        _instances.Clear(); // NUnit reuses the fixture object for the next test
    }

    /// <summary>An instance's settings: the shared database and share, its own lock file, and <paramref name="extra"/>.</summary>
    protected Dictionary<string, string> Settings(string name, IDictionary<string, string>? extra = null)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Folder, name)).FullName;
        var settings = new Dictionary<string, string>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:ConnectionString"] = Database,
            ["OrderCapture:ImpexRoot"] = Path.Combine(Folder, "impex"),
            ["OrderCapture:LockFile"] = Path.Combine(folder, "ordercapture.lock"),
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>Starts an instance in-process (stopped after the test); with <paramref name="clock"/> it runs on that clock.</summary>
    protected async Task<WorkerTestHost> StartInstanceAsync(string name, IDictionary<string, string>? extra = null, TimeProvider? clock = null)
    {
        var instance = await WorkerTestHost.StartAsync(Simulator, Path.Combine(Folder, name), Settings(name, extra),
            clock is null ? null : services => services.AddSingleton(clock));
        _instances.Add(instance);
        return instance;
    }
}
