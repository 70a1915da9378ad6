using Microsoft.Extensions.Options;
using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Outbox;
using OrderCapture.Core.Storage;
using OrderCapture.Storage.Postgres;
using OrderCapture.Storage.Sqlite;
using OrderCapture.Testing;

namespace OrderCapture.Core.Tests.Support;

/// <summary>
/// A real store with a clock the test moves: a SQLite file in a fresh temp directory, or a fresh
/// database in the test run's private PostgreSQL cluster.
/// </summary>
public sealed class TempStore : IAsyncDisposable
{
    public const string List = "MySiteInventory";

    private readonly StorageProvider _provider;
    private readonly string _connectionString;

    private TempStore(StorageProvider provider, string folder, string connectionString, ManualClock clock)
    {
        _provider = provider;
        Folder = folder;
        _connectionString = connectionString;
        Clock = clock;
        Store = Open();
    }

    public string Folder { get; }

    public string ConnectionString => _connectionString;

    public ManualClock Clock { get; }

    public IOrderStore Store { get; private set; }

    public static async Task<TempStore> CreateAsync(StorageProvider provider)
    {
        var folder = Directory.CreateTempSubdirectory("ordercapture-store-").FullName;
        var connectionString = provider == StorageProvider.Postgres
            ? await (await PostgresCluster.SharedAsync()).CreateDatabaseAsync()
            : $"Data Source={Path.Combine(folder, "store.db")}";
        return new TempStore(provider, folder, connectionString, new ManualClock());
    }

    /// <summary>A second store on the same database or file, as another instance (or a restarted worker) would open it.</summary>
    public IOrderStore OpenAnother() => Open();

    /// <summary>Closes the store and opens the same database again, as a restarted worker would.</summary>
    public async Task ReopenAsync()
    {
        await ((IAsyncDisposable)Store).DisposeAsync();
        Store = Open();
    }

    /// <summary>Opens the database again after the test closed the store itself (to change the file in between).</summary>
    public Task ReopenAfterCloseAsync()
    {
        Store = Open();
        return Task.CompletedTask;
    }

    public async Task SeedAsync(decimal ato, params string[] skus)
    {
        var generation = await Store.NextGenerationAsync(CancellationToken.None);
        await Store.StageAvailabilityAsync(generation, [.. skus.Select(s => new AvailabilityRecord(new PlaceRef(PlaceType.Group, List), s, ato, ato, ato, 0))], CancellationToken.None);
        await Store.PublishGenerationAsync([new PlaceRef(PlaceType.Group, List)], generation, "token-1", Clock.GetUtcNow(), CancellationToken.None);
    }

    public Order Order(string orderNo, decimal quantity, OrderStatus status = OrderStatus.ReservationMissing, string sku = "SKU-1") =>
        new("MySite", orderNo, status, Clock.GetUtcNow(), [new OrderLine(sku, List, PlaceType.Group, quantity)]);

    private IOrderStore Open()
    {
        var options = Options.Create(new StorageOptions { Provider = _provider, ConnectionString = _connectionString });
        return _provider == StorageProvider.Postgres
            ? new PostgresOrderStore(options, new OutboxSignal(), Clock)
            : new SqliteOrderStore(options, new OutboxSignal(), Clock);
    }

    public async ValueTask DisposeAsync()
    {
        await ((IAsyncDisposable)Store).DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}

/// <summary>A clock that moves only when told to.</summary>
public sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = new(2026, 2, 2, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
