using OrderCapture.Core.Storage;
using OrderCapture.Core.Telemetry;
using OrderCapture.Core.Tests.Support;

namespace OrderCapture.Core.Tests.Telemetry;

/// <summary>The status page's day in the store: minutes add up across samples and instances, old ones go; on both stores.</summary>
[TestFixture(StorageProvider.Sqlite)]
[TestFixture(StorageProvider.Postgres)]
public sealed class ActivityStoreTests(StorageProvider provider) : StoreTestBase(provider)
{

    [Test]
    public async Task Counts_of_one_minute_add_up_the_worst_depth_and_state_of_the_minute_stand_and_old_minutes_are_pruned()
    {
        var timeline = new ActivityTimeline();
        var other = Temp.OpenAnother(); // a second instance on the same database
        var start = Temp.Clock.GetUtcNow();

        timeline.Captured("reserved");
        timeline.Captured("reservation_missing");
        await Temp.Store.RecordActivityAsync(timeline.TakeMinute(start, queueDepth: 1, ConnectivityState.Online), start - ActivityTimeline.Kept, CancellationToken.None);
        timeline.Captured("insufficient");
        timeline.Captured("reservation_missing");
        timeline.Reconciled(3);
        timeline.Seen(ConnectivityState.Offline); // a short outage, over by the sample
        timeline.Seen(ConnectivityState.Online);
        await other.RecordActivityAsync(timeline.TakeMinute(start.AddSeconds(5), queueDepth: 2, ConnectivityState.Online), start - ActivityTimeline.Kept, CancellationToken.None);
        var firstDay = await Temp.Store.ListActivityAsync(start.AddHours(-1), CancellationToken.None);
        await Temp.Store.RecordActivityAsync(timeline.TakeMinute(start.AddSeconds(10), queueDepth: 0, ConnectivityState.Online), start - ActivityTimeline.Kept, CancellationToken.None);
        var sameMinuteLater = await Temp.Store.ListActivityAsync(start.AddHours(-1), CancellationToken.None);

        Temp.Clock.Advance(TimeSpan.FromHours(49));
        await Temp.Store.RecordActivityAsync(timeline.TakeMinute(Temp.Clock.GetUtcNow(), 0, ConnectivityState.Online), Temp.Clock.GetUtcNow() - ActivityTimeline.Kept, CancellationToken.None);
        var later = await Temp.Store.ListActivityAsync(start.AddHours(-1), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(firstDay, Has.Count.EqualTo(1));
            Assert.That(firstDay[0] with { Minute = default }, Is.EqualTo(new ActivityMinute(default, 1, 2, 1, 3, 2, "offline")));
            Assert.That(sameMinuteLater[0] with { Minute = default }, Is.EqualTo(new ActivityMinute(default, 1, 2, 1, 3, 2, "offline")),
                "a calm sample later in the minute keeps its worst depth and state");
            Assert.That(firstDay[0].Minute.Second, Is.Zero);
            Assert.That(later.Select(m => m.Minute), Is.EqualTo(new[] { later[^1].Minute }), "the minute of 49 h ago is gone");
        });
        await ((IAsyncDisposable)other).DisposeAsync();
    }
}
