using OrderCapture.Core.Inventory.Pace;
using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Storage;
using OrderCapture.Core.Tests.Support;

namespace OrderCapture.Core.Tests.Inventory;

/// <summary>The cache only moves forward: a stale rebuild or a slow poll landing late changes nothing (issue 14); on both stores.</summary>
[TestFixture(StorageProvider.Sqlite)]
[TestFixture(StorageProvider.Postgres)]
public sealed class CacheMonotonicTests(StorageProvider provider)
{
    private static readonly PlaceRef List = new(PlaceType.Group, TempStore.List);
    private TempStore _temp = null!;

    [SetUp]
    public async Task CreateAsync()
    {
        _temp = await TempStore.CreateAsync(provider);
        await _temp.SeedAsync(10, "SKU-1");
    }

    [TearDown]
    public async Task DeleteAsync() => await _temp.DisposeAsync();

    private async Task<AvailabilityView?> ViewAsync(string sku = "SKU-1") => await _temp.Store.GetAvailabilityAsync(TempStore.List, sku, CancellationToken.None);

    private static DeltaRecord Delta(decimal ato) => new(TempStore.List, "SKU-1", false, ato, ato, ato, 0);

    [Test]
    public async Task An_old_poll_applied_after_a_new_one_changes_nothing()
    {
        var oldPollStarted = _temp.Clock.GetUtcNow();
        _temp.Clock.Advance(TimeSpan.FromSeconds(5));
        var newPollStarted = _temp.Clock.GetUtcNow();
        await _temp.Store.ApplyDeltasAsync([Delta(4)], new PaceObservation(newPollStarted, TimeSpan.FromHours(1)), CancellationToken.None);
        await _temp.Store.SetDeltaTokenAsync([List], "token-new", newPollStarted, CancellationToken.None);

        // The slow poll, begun earlier, finishes now with older figures.
        await _temp.Store.ApplyDeltasAsync([Delta(9)], new PaceObservation(oldPollStarted, TimeSpan.FromHours(1)), CancellationToken.None);
        await _temp.Store.SetDeltaTokenAsync([List], "token-old", oldPollStarted, CancellationToken.None);

        var view = await ViewAsync();
        var state = (await _temp.Store.GetSyncStatesAsync(CancellationToken.None)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(view!.Ato, Is.EqualTo(4m));
            Assert.That((state.DeltaToken, state.FetchedAt), Is.EqualTo(("token-new", (DateTimeOffset?)newPollStarted)));
        });
    }

    [Test]
    public async Task A_rebuild_that_finishes_after_a_newer_one_does_not_replace_it_and_leaves_no_rows_behind()
    {
        var older = await _temp.Store.NextGenerationAsync(CancellationToken.None);
        var newer = await _temp.Store.NextGenerationAsync(CancellationToken.None);
        await _temp.Store.StageAvailabilityAsync(newer, [new AvailabilityRecord(List, "SKU-1", 7, 7, 7, 0), new AvailabilityRecord(List, "SKU-2", 3, 3, 3, 0)], CancellationToken.None);
        await _temp.Store.StageAvailabilityAsync(older, [new AvailabilityRecord(List, "SKU-1", 1, 1, 1, 0)], CancellationToken.None);
        _temp.Clock.Advance(TimeSpan.FromSeconds(1));
        await _temp.Store.PublishGenerationAsync([List], newer, "token-newer", _temp.Clock.GetUtcNow(), CancellationToken.None);
        await _temp.Store.PublishGenerationAsync([List], older, "token-older", _temp.Clock.GetUtcNow(), CancellationToken.None);

        var state = (await _temp.Store.GetSyncStatesAsync(CancellationToken.None)).Single();
        Assert.Multiple(async () =>
        {
            Assert.That((await ViewAsync())!.Ato, Is.EqualTo(7m));
            Assert.That((await ViewAsync("SKU-2"))!.Ato, Is.EqualTo(3m), "the newer generation is whole");
            Assert.That((state.Generation, state.DeltaToken), Is.EqualTo((newer, "token-newer")));
        });
    }

    [Test]
    public async Task Only_one_holder_of_the_cache_writer_lock_at_a_time_across_two_stores()
    {
        var other = _temp.OpenAnother();
        var first = await ((IClusterLock)_temp.Store).TryAcquireAsync(ClusterLocks.CacheWriter, CancellationToken.None);
        var second = await ((IClusterLock)other).TryAcquireAsync(ClusterLocks.CacheWriter, CancellationToken.None);
        await first!.DisposeAsync();
        var afterRelease = await ((IClusterLock)other).TryAcquireAsync(ClusterLocks.CacheWriter, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.Not.Null);
            Assert.That(second, Is.Null, "held by the first");
            Assert.That(afterRelease, Is.Not.Null);
        });
        await afterRelease!.DisposeAsync();
        await ((IAsyncDisposable)other).DisposeAsync();
    }
}
