using Microsoft.Extensions.Options;
using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Storage;
using OrderCapture.Core.Storage.Sqlite;

namespace OrderCapture.Core.Tests.Support;

/// <summary>A real SQLite store in a fresh temp directory, with a clock the test moves.</summary>
public sealed class TempStore : IAsyncDisposable
{
    public const string List = "MySiteInventory";

    private TempStore(string folder, ManualClock clock)
    {
        Folder = folder;
        Clock = clock;
        Store = Open();
    }

    public string Folder { get; }

    public ManualClock Clock { get; }

    public SqliteOrderStore Store { get; private set; }

    public static TempStore Create() => new(Directory.CreateTempSubdirectory("ordercapture-store-").FullName, new ManualClock());

    /// <summary>Closes the store and opens the same file again, as a restarted worker would.</summary>
    public async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        Store = Open();
    }

    public async Task SeedAsync(decimal ato, params string[] skus)
    {
        var generation = await Store.NextGenerationAsync(CancellationToken.None);
        await Store.StageAvailabilityAsync(generation, [.. skus.Select(s => new AvailabilityRecord(new PlaceRef(PlaceType.Group, List), s, ato, ato, ato, 0))], CancellationToken.None);
        await Store.PublishGenerationAsync([new PlaceRef(PlaceType.Group, List)], generation, "token-1", Clock.GetUtcNow(), CancellationToken.None);
    }

    public Order Order(string orderNo, decimal quantity, OrderStatus status = OrderStatus.ReservationMissing, string sku = "SKU-1") =>
        new("MySite", orderNo, status, Clock.GetUtcNow(), [new OrderLine(sku, List, PlaceType.Group, quantity)]);

    private SqliteOrderStore Open() => new(
        Options.Create(new StorageOptions { ConnectionString = $"Data Source={Path.Combine(Folder, "store.db")}" }),
        new OutboxSignal(),
        Clock);

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
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
