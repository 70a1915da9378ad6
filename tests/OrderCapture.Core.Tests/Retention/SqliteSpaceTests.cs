using Microsoft.Data.Sqlite;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Retention;
using OrderCapture.Core.Storage;
using OrderCapture.Core.Tests.Support;

namespace OrderCapture.Core.Tests.Retention;

/// <summary>The SQLite file gives purged space back (auto_vacuum=INCREMENTAL), also a file made before retention existed.</summary>
public sealed class SqliteSpaceTests
{
    private TempStore _temp = null!;

    [SetUp]
    public async Task CreateAsync()
    {
        _temp = await TempStore.CreateAsync(StorageProvider.Sqlite);
        await _temp.SeedAsync(100_000, "SKU-1");
    }

    [TearDown]
    public async Task DeleteAsync() => await _temp.DisposeAsync();

    private long Pragma(string name)
    {
        using var connection = new SqliteConnection(_temp.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return (long)command.ExecuteScalar()!;
    }

    [Test]
    public async Task A_purge_hands_the_freed_pages_back_to_the_file_system()
    {
        var note = new string('x', 2000);
        for (var i = 0; i < 500; i++)
        {
            await _temp.Store.TryAcceptAsync(_temp.Order($"o{i}", 1), plan: null, null, attempt: null, headroom: null, CancellationToken.None);
            await _temp.Store.CancelAsync(new CancelRequest("MySite", $"o{i}", "customer", note, _temp.Clock.GetUtcNow()), CancellationToken.None);
        }

        var pagesBefore = Pragma("page_count");
        _temp.Clock.Advance(TimeSpan.FromDays(91));
        await _temp.Store.PurgeAsync(PurgeCutoffs.From(new RetentionOptions(), _temp.Clock.GetUtcNow()), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(Pragma("auto_vacuum"), Is.EqualTo(2), "INCREMENTAL");
            Assert.That(Pragma("freelist_count"), Is.Zero);
            Assert.That(Pragma("page_count"), Is.LessThan(pagesBefore / 2));
        });
    }

    [Test]
    public async Task A_file_made_without_incremental_vacuum_is_converted_at_its_next_start()
    {
        await ((IAsyncDisposable)_temp.Store).DisposeAsync();
        using (var connection = new SqliteConnection(_temp.ConnectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA auto_vacuum = NONE; VACUUM;";
            command.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
        var before = Pragma("auto_vacuum");
        await _temp.ReopenAfterCloseAsync();
        SqliteConnection.ClearAllPools(); // a pooled connection from before keeps the file's old auto_vacuum flag

        Assert.Multiple(async () =>
        {
            Assert.That(before, Is.Zero);
            Assert.That(Pragma("auto_vacuum"), Is.EqualTo(2));
            Assert.That(await _temp.Store.GetAvailabilityAsync(TempStore.List, "SKU-1", CancellationToken.None), Is.Not.Null, "the data survived the conversion");
        });
    }
}
