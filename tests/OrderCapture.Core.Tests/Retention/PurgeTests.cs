using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Outbox;
using OrderCapture.Core.Retention;
using OrderCapture.Core.Storage;
using OrderCapture.Core.Tests.Support;

namespace OrderCapture.Core.Tests.Retention;

/// <summary>The purge keeps what is inside the window and removes what is past it, never anything unfinished; on both stores.</summary>
[TestFixture(StorageProvider.Sqlite)]
[TestFixture(StorageProvider.Postgres)]
public sealed class PurgeTests(StorageProvider provider) : StoreTestBase(provider)
{
    private static readonly PlaceRef List = new(PlaceType.Group, TempStore.List);

    protected override Task SeedAsync(TempStore store) => store.SeedAsync(1000, "SKU-1");

    private IOrderStore Store => Temp.Store;

    private DateTimeOffset Now => Temp.Clock.GetUtcNow();

    /// <summary>One of each kind of row, all at the clock's current time; answers the orders' numbers by role.</summary>
    private async Task WriteOneOfEachAsync(string prefix)
    {
        // Reserved online, and the cache refreshed after its confirmation: finished, its hold retired.
        await Store.TryAcceptAsync(Temp.Order($"{prefix}-reserved", 1, OrderStatus.Reserving), plan: null, null, attempt: null, headroom: null, CancellationToken.None);
        await Store.CompleteOnlineAsync("MySite", $"{prefix}-reserved", Now, CancellationToken.None);
        Temp.Clock.Advance(TimeSpan.FromSeconds(1));
        await Store.SetDeltaTokenAsync([List], $"{prefix}-token", Now, CancellationToken.None);

        // Cancelled before it reached OCI: finished, nothing to cancel there.
        await Store.TryAcceptAsync(Temp.Order($"{prefix}-cancelled", 1), plan: null, null, attempt: null, headroom: null, CancellationToken.None);
        await Store.CancelAsync(new CancelRequest("MySite", $"{prefix}-cancelled", "customer", null, Now), CancellationToken.None);

        // Queued offline with its report still in the outbox: unfinished, whatever its age.
        await Store.TryAcceptAsync(Temp.Order($"{prefix}-queued", 1), plan: null,
            new OutboxMessage(OutboxMessage.WorkFile, "MySite", $"{prefix}-queued", $"work/offline_{prefix}.json", "{}"), attempt: null, headroom: null, CancellationToken.None);

        // A delivered push, an alert, a connectivity transition.
        await Store.AddAlertAsync(new NewAlert(Now, AlertSeverity.Info, $"{prefix}-alert", "an alert"), push: true, CancellationToken.None);
        var pushes = await Store.DueOutboxAsync(OutboxLane.Pushes, Now, 100, CancellationToken.None);
        await Store.CompleteOutboxAsync(pushes, Now, CancellationToken.None);
        await Store.RecordTransitionAsync(new ConnectivityTransition(Now, ConnectivityState.Online, ConnectivityState.Offline, $"{prefix}-transition"), CancellationToken.None);
    }

    [Test]
    public async Task Purge_removes_finished_rows_past_their_window_and_keeps_the_rest()
    {
        await WriteOneOfEachAsync("old");
        Temp.Clock.Advance(TimeSpan.FromDays(100));
        await WriteOneOfEachAsync("new");

        var result = await Store.PurgeAsync(PurgeCutoffs.From(new RetentionOptions { BatchSize = 10 }, Now), CancellationToken.None);
        var orders = (await Store.ListOrdersAsync(null, null, 100, CancellationToken.None)).Select(o => o.OrderNo).Order().ToList();
        var alerts = (await Store.ListAlertsAsync(null, 100, CancellationToken.None)).Select(a => a.Kind).ToList();

        Assert.Multiple(async () =>
        {
            Assert.That(orders, Is.EqualTo(new[] { "new-cancelled", "new-queued", "new-reserved", "old-queued" }), "old finished orders go; a queued one stays");
            Assert.That((result.Orders, result.Alerts, result.DeliveredOutbox), Is.EqualTo((2L, 1L, 1L)));
            Assert.That(alerts, Is.EqualTo(new[] { "new-alert" }));
            Assert.That(await Store.PendingOutboxCountAsync(CancellationToken.None), Is.EqualTo(2), "undelivered reports are never purged");
            Assert.That((await Store.LastTransitionAsync(CancellationToken.None))!.Reason, Is.EqualTo("new-transition"));
            Assert.That(result.ConnectivityTransitions, Is.EqualTo(1L));
            Assert.That((await Store.GetAvailabilityAsync(TempStore.List, "SKU-1", CancellationToken.None))!.Held, Is.EqualTo(2m), "the queued orders' holds stay");
        });
    }

    [Test]
    public async Task The_newest_connectivity_transition_is_kept_however_old()
    {
        await WriteOneOfEachAsync("old");
        Temp.Clock.Advance(TimeSpan.FromDays(365));

        await Store.PurgeAsync(PurgeCutoffs.From(new RetentionOptions(), Now), CancellationToken.None);

        Assert.That((await Store.LastTransitionAsync(CancellationToken.None))!.Reason, Is.EqualTo("old-transition"));
    }

    [Test]
    public async Task A_purge_in_many_small_batches_removes_everything_past_the_window()
    {
        for (var i = 0; i < 25; i++)
        {
            await Store.TryAcceptAsync(Temp.Order($"c{i}", 1), plan: null, null, attempt: null, headroom: null, CancellationToken.None);
            await Store.CancelAsync(new CancelRequest("MySite", $"c{i}", "customer", null, Now), CancellationToken.None);
        }

        Temp.Clock.Advance(TimeSpan.FromDays(91));
        var result = await Store.PurgeAsync(PurgeCutoffs.From(new RetentionOptions { BatchSize = 10 }, Now), CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(result.Orders, Is.EqualTo(25L));
            Assert.That(await Store.ListOrdersAsync(null, null, 100, CancellationToken.None), Is.Empty);
        });
    }
}
