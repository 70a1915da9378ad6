using OrderCapture.Core.Inventory.Pace;
using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Storage;
using OrderCapture.Core.Tests.Support;

namespace OrderCapture.Core.Tests.Inventory;

/// <summary>The cache only moves forward: a stale rebuild or a slow poll landing late changes nothing; on both stores.</summary>
[TestFixture(StorageProvider.Sqlite)]
[TestFixture(StorageProvider.Postgres)]
public sealed class CacheMonotonicTests(StorageProvider provider) : StoreTestBase(provider)
{
    private static readonly PlaceRef List = new(PlaceType.Group, TempStore.List);

    protected override Task SeedAsync(TempStore store) => store.SeedAsync(10, "SKU-1");

    private async Task<AvailabilityView?> ViewAsync(string sku = "SKU-1") => await Temp.Store.GetAvailabilityAsync(TempStore.List, sku, CancellationToken.None);

    private static DeltaRecord Delta(decimal ato) => new(TempStore.List, "SKU-1", false, ato, ato, ato, 0);

    [Test]
    public async Task An_old_poll_applied_after_a_new_one_changes_nothing()
    {
        var oldPollStarted = Temp.Clock.GetUtcNow();
        Temp.Clock.Advance(TimeSpan.FromSeconds(5));
        var newPollStarted = Temp.Clock.GetUtcNow();
        await Temp.Store.ApplyDeltasAsync([Delta(4)], new PaceObservation(newPollStarted, TimeSpan.FromHours(1)), CancellationToken.None);
        await Temp.Store.SetDeltaTokenAsync([List], "token-new", newPollStarted, CancellationToken.None);

        // The slow poll, begun earlier, finishes now with older figures.
        await Temp.Store.ApplyDeltasAsync([Delta(9)], new PaceObservation(oldPollStarted, TimeSpan.FromHours(1)), CancellationToken.None);
        await Temp.Store.SetDeltaTokenAsync([List], "token-old", oldPollStarted, CancellationToken.None);

        var view = await ViewAsync();
        var state = (await Temp.Store.GetSyncStatesAsync(CancellationToken.None)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(view!.Ato, Is.EqualTo(4m));
            Assert.That((state.DeltaToken, state.FetchedAt), Is.EqualTo(("token-new", (DateTimeOffset?)newPollStarted)));
        });
    }

    [Test]
    public async Task A_rebuild_that_finishes_after_a_newer_one_does_not_replace_it_and_leaves_no_rows_behind()
    {
        var older = await Temp.Store.NextGenerationAsync(CancellationToken.None);
        var newer = await Temp.Store.NextGenerationAsync(CancellationToken.None);
        await Temp.Store.StageAvailabilityAsync(newer, [new AvailabilityRecord(List, "SKU-1", 7, 7, 7, 0), new AvailabilityRecord(List, "SKU-2", 3, 3, 3, 0)], CancellationToken.None);
        await Temp.Store.StageAvailabilityAsync(older, [new AvailabilityRecord(List, "SKU-1", 1, 1, 1, 0)], CancellationToken.None);
        Temp.Clock.Advance(TimeSpan.FromSeconds(1));
        await Temp.Store.PublishGenerationAsync([List], newer, "token-newer", Temp.Clock.GetUtcNow(), CancellationToken.None);
        await Temp.Store.PublishGenerationAsync([List], older, "token-older", Temp.Clock.GetUtcNow(), CancellationToken.None);

        var state = (await Temp.Store.GetSyncStatesAsync(CancellationToken.None)).Single();
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
        var other = Temp.OpenAnother();
        var first = await Temp.Store.TryAcquireAsync(ClusterLocks.CacheWriter, CancellationToken.None);
        var second = await (other).TryAcquireAsync(ClusterLocks.CacheWriter, CancellationToken.None);
        await first!.DisposeAsync();
        var afterRelease = await (other).TryAcquireAsync(ClusterLocks.CacheWriter, CancellationToken.None);

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
