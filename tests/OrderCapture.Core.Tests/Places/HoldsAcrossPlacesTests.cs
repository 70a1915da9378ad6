using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Places;
using OrderCapture.Core.Sites;
using OrderCapture.Core.Storage;
using OrderCapture.Core.Tests.Support;

namespace OrderCapture.Core.Tests.Places;

/// <summary>
/// Invariant 2 across places, in both stores and with two PostgreSQL instances: a shipping group
/// (Shipping = dc-east + store-1), a pick-up store (store-1) and a sibling brand's group
/// (Brand2 = store-1 + dc-west) that shares the store. The last unit at store-1 is offered by all
/// three; exactly one order gets it.
/// </summary>
[TestFixture(StorageProvider.Sqlite, false)]
[TestFixture(StorageProvider.Postgres, false)]
[TestFixture(StorageProvider.Postgres, true)]
public sealed class HoldsAcrossPlacesTests(StorageProvider provider, bool twoInstances) : StoreTestBase(provider)
{
    private const string Shipping = "ShippingGroup";
    private const string Brand2 = "Brand2Group";
    private const string Store = "store-1";
    private static readonly DateTimeOffset ReadAt = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static readonly PlaceScope Scope = new(
        [
            new SiteOptions { Id = "MySite", InventoryListId = Shipping, PickupLocations = [Store] },
            new SiteOptions { Id = "Brand2", InventoryListId = Brand2 },
        ],
        new LocationGraph(["dc-east", Store, "dc-west"], [(Shipping, ["dc-east", Store]), (Brand2, [Store, "dc-west"])], ReadAt));

    private IOrderStore _other = null!;

    private IOrderStore Other => twoInstances ? _other : Temp.Store;

    [SetUp]
    public void OpenOther() => _other = twoInstances ? Temp.OpenAnother() : Temp.Store;

    [TearDown]
    public async Task CloseOtherAsync()
    {
        if (twoInstances)
        {
            await ((IAsyncDisposable)_other).DisposeAsync();
        }
    }

    /// <summary>Each place's ATO per SKU as OCI's export would give it.</summary>
    private async Task SeedAsync(IEnumerable<string> skus, decimal shipping, decimal store, decimal brand2)
    {
        var generation = await Temp.Store.NextGenerationAsync(CancellationToken.None);
        var places = new (PlaceRef Place, decimal Ato)[]
        {
            (new(PlaceType.Group, Shipping), shipping), (new(PlaceType.Location, Store), store), (new(PlaceType.Group, Brand2), brand2),
        };
        await Temp.Store.StageAvailabilityAsync(generation,
            [.. skus.SelectMany(s => places.Select(p => new AvailabilityRecord(p.Place, s, p.Ato, p.Ato, p.Ato, 0)))], CancellationToken.None);
        await Temp.Store.PublishGenerationAsync([.. places.Select(p => p.Place)], generation, "token-1", Temp.Clock.GetUtcNow(), CancellationToken.None);
    }

    private Order Shipped(string no, string sku, decimal quantity = 1) => Line("MySite", no, sku, Shipping, PlaceType.Group, quantity);

    private Order PickUp(string no, string sku, decimal quantity = 1) => Line("MySite", no, sku, Store, PlaceType.Location, quantity);

    private Order Sibling(string no, string sku, decimal quantity = 1) => Line("Brand2", no, sku, Brand2, PlaceType.Group, quantity);

    private Order Line(string site, string no, string sku, string list, PlaceType type, decimal quantity) =>
        new(site, no, OrderStatus.ReservationMissing, Temp.Clock.GetUtcNow(), [new OrderLine(sku, list, type, quantity)]);

    private static Task<AcceptDecision> AcceptAsync(IOrderStore store, Order order) =>
        store.TryAcceptAsync(order, Scope.Plan(order), null, attempt: null, headroom: null, CancellationToken.None);

    private async Task<decimal> EffectiveAsync(string list, string sku) =>
        (await Temp.Store.GetAvailabilityAsync(list, sku, CancellationToken.None))!.EffectiveAto;

    [Test]
    public async Task A_pick_up_hold_lowers_its_store_and_every_cached_group_containing_the_store()
    {
        await SeedAsync(["SKU-1"], shipping: 5, store: 3, brand2: 4);

        Assert.That(await AcceptAsync(Temp.Store, PickUp("p1", "SKU-1", 2)), Is.TypeOf<AcceptDecision.Accepted>());

        Assert.Multiple(async () =>
        {
            Assert.That(await EffectiveAsync(Store, "SKU-1"), Is.EqualTo(1m));
            Assert.That(await EffectiveAsync(Shipping, "SKU-1"), Is.EqualTo(3m), "the store is in the shipping group");
            Assert.That(await EffectiveAsync(Brand2, "SKU-1"), Is.EqualTo(2m), "and in the sibling's group: a location in two groups");
        });
    }

    [Test]
    public async Task A_group_hold_lowers_a_sibling_group_sharing_a_location_and_caps_its_stores_once_the_group_has_nothing_left()
    {
        await SeedAsync(["SKU-1"], shipping: 2, store: 2, brand2: 3);

        Assert.That(await AcceptAsync(Temp.Store, Shipped("s1", "SKU-1", 2)), Is.TypeOf<AcceptDecision.Accepted>());

        var pickUp = await AcceptAsync(Other, PickUp("p1", "SKU-1"));
        Assert.Multiple(async () =>
        {
            Assert.That(await EffectiveAsync(Brand2, "SKU-1"), Is.EqualTo(1m), "OCI counts a group's reservation against every group sharing a location");
            Assert.That(await EffectiveAsync(Store, "SKU-1"), Is.EqualTo(2m), "OCI itself leaves the store's own figure alone");
            Assert.That(pickUp, Is.TypeOf<AcceptDecision.Insufficient>(), "but the store never offers more than its group still has");
            Assert.That(((AcceptDecision.Insufficient)pickUp).Lines.Single().InventoryListId, Is.EqualTo(Shipping), "the short list is named");
        });
    }

    [Test]
    public async Task The_last_unit_contested_by_a_shipping_a_pick_up_and_a_sibling_group_order_in_every_order_of_arrival_has_one_winner()
    {
        var arrivals = Permutations([0, 1, 2]).ToList();
        var skus = arrivals.Select((_, i) => $"SKU-{i}").ToList();
        await SeedAsync(skus, shipping: 1, store: 1, brand2: 1);

        for (var i = 0; i < arrivals.Count; i++)
        {
            var candidates = new[] { Shipped($"ship-{i}", skus[i]), PickUp($"pick-{i}", skus[i]), Sibling($"brand-{i}", skus[i]) };
            var winners = 0;
            var n = 0;
            foreach (var who in arrivals[i])
            {
                winners += await AcceptAsync(n++ % 2 == 0 ? Temp.Store : Other, candidates[who]) is AcceptDecision.Accepted ? 1 : 0;
            }

            Assert.That(winners, Is.EqualTo(1), $"arrival order {string.Join(",", arrivals[i])}");
        }
    }

    [Test]
    public async Task The_last_unit_contested_all_at_once_has_one_winner()
    {
        var skus = Enumerable.Range(0, 20).Select(i => $"HOT-{i}").ToList();
        await SeedAsync(skus, shipping: 1, store: 1, brand2: 1);

        var decisions = await Task.WhenAll(skus.SelectMany((sku, i) => new[]
        {
            AcceptAsync(Temp.Store, Shipped($"ship-{i}", sku)), AcceptAsync(Other, PickUp($"pick-{i}", sku)), AcceptAsync(i % 2 == 0 ? Temp.Store : Other, Sibling($"brand-{i}", sku)),
        }));

        var perSku = decisions.Chunk(3).Select(d => d.Count(x => x is AcceptDecision.Accepted));
        Assert.That(perSku, Is.All.EqualTo(1));
    }

    [Test]
    public async Task A_mixed_order_is_accepted_or_refused_whole()
    {
        await SeedAsync(["SKU-1", "SKU-2"], shipping: 2, store: 1, brand2: 5);
        var mixed = new Order("MySite", "mixed", OrderStatus.ReservationMissing, Temp.Clock.GetUtcNow(),
            [new OrderLine("SKU-1", Shipping, PlaceType.Group, 1), new OrderLine("SKU-2", Store, PlaceType.Location, 2)]);
        var fits = mixed with { OrderNo = "fits", Lines = [mixed.Lines[0], mixed.Lines[1] with { Quantity = 1 }] };

        var refused = await AcceptAsync(Temp.Store, mixed);
        Assert.Multiple(async () =>
        {
            Assert.That(refused, Is.TypeOf<AcceptDecision.Insufficient>(), "2 at the store, which has 1");
            Assert.That(await EffectiveAsync(Shipping, "SKU-1"), Is.EqualTo(2m), "the shipped line took nothing either");
            Assert.That(await AcceptAsync(Temp.Store, fits), Is.TypeOf<AcceptDecision.Accepted>());
            Assert.That(await EffectiveAsync(Shipping, "SKU-1"), Is.EqualTo(1m));
            Assert.That(await EffectiveAsync(Shipping, "SKU-2"), Is.EqualTo(1m), "the pick-up line counts against its group");
            Assert.That(await EffectiveAsync(Store, "SKU-2"), Is.EqualTo(0m));
        });
    }

    [Test]
    public async Task Lines_for_the_same_SKU_shipped_and_picked_up_are_checked_together_against_the_group()
    {
        await SeedAsync(["SKU-1"], shipping: 2, store: 2, brand2: 5);
        var both = new Order("MySite", "both", OrderStatus.ReservationMissing, Temp.Clock.GetUtcNow(),
            [new OrderLine("SKU-1", Shipping, PlaceType.Group, 1), new OrderLine("SKU-1", Store, PlaceType.Location, 2)]);

        Assert.That(await AcceptAsync(Temp.Store, both), Is.TypeOf<AcceptDecision.Insufficient>(), "3 from a group that has 2");
    }

    [Test]
    public async Task Holds_retire_from_every_list_they_count_against_once_the_cache_has_newer_figures()
    {
        await SeedAsync(["SKU-1"], shipping: 5, store: 3, brand2: 4);
        var order = PickUp("p1", "SKU-1", 2) with { Status = OrderStatus.Reserving };
        await AcceptAsync(Temp.Store, order);
        await Temp.Store.CompleteOnlineAsync("MySite", "p1", Temp.Clock.GetUtcNow(), CancellationToken.None);
        Temp.Clock.Advance(TimeSpan.FromSeconds(1));

        // OCI's figures after the reservation: 2 fewer everywhere the reservation counts.
        await SeedAsync(["SKU-1"], shipping: 3, store: 1, brand2: 2);

        Assert.Multiple(async () =>
        {
            Assert.That(await EffectiveAsync(Store, "SKU-1"), Is.EqualTo(1m));
            Assert.That(await EffectiveAsync(Shipping, "SKU-1"), Is.EqualTo(3m), "not counted twice");
            Assert.That(await EffectiveAsync(Brand2, "SKU-1"), Is.EqualTo(2m));
        });
    }

    private static IEnumerable<int[]> Permutations(int[] items) => items.Length <= 1
        ? [items]
        : items.SelectMany(first => Permutations([.. items.Where(x => x != first)]).Select(rest => (int[])[first, .. rest]));
}
