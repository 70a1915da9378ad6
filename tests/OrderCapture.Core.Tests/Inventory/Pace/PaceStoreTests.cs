using OrderCapture.Core.Inventory.Pace;
using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Storage;
using OrderCapture.Core.Tests.Support;

namespace OrderCapture.Core.Tests.Inventory.Pace;

/// <summary>Pace learned from a scripted delta feed and the headroom in the accepting transaction, on both stores.</summary>
[TestFixture(StorageProvider.Sqlite)]
[TestFixture(StorageProvider.Postgres)]
public sealed class PaceStoreTests(StorageProvider provider) : StoreTestBase(provider)
{
    private static readonly PlaceRef List = new(PlaceType.Group, TempStore.List);
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);
    private static readonly OfflineHeadroomOptions Pace = new() { Mode = OfflineHeadroomMode.Pace, Factor = 1, PaceWindow = Week };

    protected override Task SeedAsync(TempStore store) => store.SeedAsync(100, "SKU-1", "SKU-2");

    private Task<AvailabilityView?> ViewAsync(string sku = "SKU-1") => Temp.Store.GetAvailabilityAsync(TempStore.List, sku, CancellationToken.None);

    /// <summary>One delta poll: the SKU's ATO is now <paramref name="ato"/>, seen by a poll that begins now.</summary>
    private async Task PollAsync(decimal ato, string sku = "SKU-1")
    {
        var at = Temp.Clock.GetUtcNow();
        await Temp.Store.ApplyDeltasAsync([new DeltaRecord(TempStore.List, sku, false, ato, ato, ato, 0)], new PaceObservation(at, Week), CancellationToken.None);
        await Temp.Store.SetDeltaTokenAsync([List], $"token-{at.ToUnixTimeMilliseconds()}", at, CancellationToken.None);
    }

    /// <summary>The other channels take 10 units in each of three 10-minute polls: 60 an hour.</summary>
    private async Task LearnSixtyAnHourAsync()
    {
        foreach (var ato in new[] { 90m, 80m, 70m })
        {
            Temp.Clock.Advance(TimeSpan.FromMinutes(10));
            await PollAsync(ato);
        }
    }

    [Test]
    public async Task Pace_is_learned_from_falls_not_from_rises_nor_from_our_own_reservations()
    {
        Temp.Clock.Advance(TimeSpan.FromMinutes(10));
        await PollAsync(90); // the other channels took 10

        // We reserve 6 online and OCI confirms; the next poll sees a fall of 10, of which 4 are theirs.
        await Temp.Store.TryAcceptAsync(Temp.Order("ours", 6, OrderStatus.Reserving), plan: null, null, attempt: null, headroom: null, CancellationToken.None);
        Temp.Clock.Advance(TimeSpan.FromMinutes(5));
        await Temp.Store.CompleteOnlineAsync("MySite", "ours", Temp.Clock.GetUtcNow(), CancellationToken.None);
        Temp.Clock.Advance(TimeSpan.FromMinutes(5));
        await PollAsync(80);

        Temp.Clock.Advance(TimeSpan.FromMinutes(10));
        await PollAsync(130); // a restock

        var view = await ViewAsync();
        Assert.That(view!.Pace, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(view.Pace!.DecayedUnits, Is.EqualTo(14).Within(0.05));
            Assert.That(view.Pace.PerHourAt(view.AsOf!.Value, Week), Is.EqualTo(28).Within(0.2));
        });
    }

    [Test]
    public async Task A_SKU_that_did_not_change_since_the_export_has_no_pace_and_no_headroom()
    {
        await LearnSixtyAnHourAsync();
        var quiet = await ViewAsync("SKU-2");

        Assert.Multiple(() =>
        {
            Assert.That(quiet!.Pace, Is.Null);
            Assert.That(OfflineHeadroom.Units(quiet, Temp.Clock.GetUtcNow().AddHours(1), Pace), Is.Zero);
        });
    }

    [Test]
    public async Task An_offline_order_leaves_the_other_channels_their_expected_share_and_Off_gives_the_old_answer()
    {
        await LearnSixtyAnHourAsync(); // ATO 70, 60 an hour
        Temp.Clock.Advance(TimeSpan.FromMinutes(30)); // OCI out for 30 minutes: 30 units expected gone

        var tooMany = await Temp.Store.TryAcceptAsync(Temp.Order("too-many", 41), plan: null, null, attempt: null, Pace, CancellationToken.None);
        var withOff = await Temp.Store.TryAcceptAsync(Temp.Order("with-off", 41), plan: null, null, attempt: null,
            new OfflineHeadroomOptions { Mode = OfflineHeadroomMode.Off }, CancellationToken.None);
        var online = await Temp.Store.TryAcceptAsync(Temp.Order("online", 29, OrderStatus.Reserving), plan: null, null, attempt: null, Pace, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(tooMany, Is.TypeOf<AcceptDecision.Insufficient>());
            Assert.That(((AcceptDecision.Insufficient)tooMany).Lines.Single().Available, Is.EqualTo(40m));
            Assert.That(withOff, Is.TypeOf<AcceptDecision.Accepted>(), "Off: 70 cached, nothing held");
            Assert.That(online, Is.TypeOf<AcceptDecision.Accepted>(), "online capture ignores the headroom: 70 − 41 held = 29");
        });
    }

    [Test]
    public async Task Concurrent_offline_orders_with_headroom_on_share_what_is_left_exactly_once()
    {
        await LearnSixtyAnHourAsync(); // ATO 70
        Temp.Clock.Advance(TimeSpan.FromMinutes(60)); // 60 expected gone: 10 left for us

        var decisions = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            Temp.Store.TryAcceptAsync(Temp.Order($"o-{i}", 1), plan: null, null, attempt: null, Pace, CancellationToken.None)));
        var view = await ViewAsync();

        Assert.Multiple(() =>
        {
            Assert.That(decisions.Count(d => d is AcceptDecision.Accepted), Is.EqualTo(10));
            Assert.That(view!.Held, Is.EqualTo(10m), "every accepted order holds its unit");
            Assert.That(OfflineHeadroom.EffectiveAto(view, Temp.Clock.GetUtcNow(), Pace), Is.Zero);
        });
    }

    [Test]
    public async Task A_restart_during_an_outage_keeps_the_pace()
    {
        await LearnSixtyAnHourAsync();
        var before = (await ViewAsync())!.Pace;
        Temp.Clock.Advance(TimeSpan.FromMinutes(20));

        await Temp.ReopenAsync();
        var after = await ViewAsync();

        Assert.Multiple(() =>
        {
            Assert.That(after!.Pace, Is.EqualTo(before));
            Assert.That(OfflineHeadroom.Units(after, Temp.Clock.GetUtcNow(), Pace), Is.EqualTo(20m));
        });
    }
}
