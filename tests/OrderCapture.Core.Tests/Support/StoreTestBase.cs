using OrderCapture.Core.Storage;

namespace OrderCapture.Core.Tests.Support;

/// <summary>
/// A test fixture that runs against both stores: derive with
/// <c>[TestFixture(StorageProvider.Sqlite)] [TestFixture(StorageProvider.Postgres)]</c>. Each test
/// gets a fresh <see cref="TempStore"/>, seeded by <see cref="SeedAsync"/>.
/// </summary>
public abstract class StoreTestBase(StorageProvider provider)
{
    protected TempStore Temp { get; private set; } = null!;

    protected StorageProvider Provider => provider;

    [SetUp]
    public async Task CreateStoreAsync()
    {
        Temp = await TempStore.CreateAsync(provider);
        await SeedAsync(Temp);
    }

    [TearDown]
    public async Task DeleteStoreAsync() => await Temp.DisposeAsync();

    /// <summary>What the cache holds at the start of each test; nothing unless a fixture says so.</summary>
    protected virtual Task SeedAsync(TempStore store) => Task.CompletedTask;
}
