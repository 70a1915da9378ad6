using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Places;
using OrderCapture.Core.Reconciliation;
using OrderCapture.Core.Sites;

namespace OrderCapture.Core.Tests.Places;

/// <summary>The one rule of invariant 2: which lists a hold counts against and which cap a place.</summary>
public sealed class PlaceScopeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static readonly LocationGraph Graph = new(
        ["dc-east", "store-1", "store-2", "dc-west", "lonely"],
        [("Shipping", ["dc-east", "store-1", "store-2"]), ("Brand2", ["dc-east", "dc-west"]), ("NotSold", ["store-1"])],
        T0);

    private static readonly PlaceScope Scope = new(
        [
            new SiteOptions { Id = "MySite", InventoryListId = "Shipping", PickupLocations = ["*"] },
            new SiteOptions { Id = "Brand2", InventoryListId = "Brand2" },
        ],
        Graph);

    private static Order OrderOf(int n, params OrderLine[] lines) => new("MySite", $"o-{n}", OrderStatus.ReservationMissing, T0.AddSeconds(n), lines);

    [Test]
    public void The_cache_follows_each_sites_list_and_every_pick_up_location_a_star_finds_in_the_graph() =>
        Assert.That(Scope.FollowedLists.Select(p => p.ToString()),
            Is.EqualTo(new[] { "group:Brand2", "group:Shipping", "location:dc-east", "location:store-1", "location:store-2" }));

    [Test]
    public void A_hold_at_a_location_counts_against_the_cached_groups_containing_it_and_not_the_others()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Scope.CountsAgainst(new PlaceRef(PlaceType.Location, "store-1")), Is.EqualTo(new[] { "store-1", "Shipping" }), "NotSold is not cached");
            Assert.That(Scope.CountsAgainst(new PlaceRef(PlaceType.Location, "dc-east")), Is.EqualTo(new[] { "dc-east", "Brand2", "Shipping" }));
            Assert.That(Scope.CountsAgainst(new PlaceRef(PlaceType.Location, "lonely")), Is.EqualTo(new[] { "lonely" }));
        });
    }

    [Test]
    public void A_hold_at_a_group_counts_against_every_cached_group_sharing_a_location_and_caps_nothing_but_itself()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Scope.CountsAgainst(new PlaceRef(PlaceType.Group, "Shipping")), Is.EqualTo(new[] { "Shipping", "Brand2" }));
            Assert.That(Scope.CappedBy(new PlaceRef(PlaceType.Group, "Shipping")), Is.EqualTo(new[] { "Shipping" }));
            Assert.That(Scope.CappedBy(new PlaceRef(PlaceType.Location, "store-2")), Is.EqualTo(new[] { "store-2", "Shipping" }));
        });
    }

    [Test]
    public void A_plan_holds_once_per_list_and_checks_each_list_with_all_the_order_would_hold_there()
    {
        var order = OrderOf(1, new OrderLine("A", "Shipping", PlaceType.Group, 1), new OrderLine("A", "store-1", PlaceType.Location, 2));

        var plan = Scope.Plan(order);

        Assert.Multiple(() =>
        {
            Assert.That(plan.Holds, Is.EquivalentTo(new[]
            {
                new PlaceQuantity("Shipping", "A", 3), new PlaceQuantity("Brand2", "A", 1), new PlaceQuantity("store-1", "A", 2),
            }));
            Assert.That(plan.Checks, Is.EquivalentTo(new[] { new PlaceQuantity("Shipping", "A", 3), new PlaceQuantity("store-1", "A", 2) }));
        });
    }

    [Test]
    public void Without_a_graph_every_place_stands_alone_and_a_star_names_no_store()
    {
        var alone = new PlaceScope([new SiteOptions { Id = "MySite", InventoryListId = "Shipping", PickupLocations = ["*"] }], LocationGraph.Unknown);

        Assert.Multiple(() =>
        {
            Assert.That(alone.CountsAgainst(new PlaceRef(PlaceType.Group, "Shipping")), Is.EqualTo(new[] { "Shipping" }));
            Assert.That(alone.PickupLocationsOf("MySite"), Is.Empty);
        });
    }

    [Test]
    public void A_pick_up_order_waits_for_an_older_shipping_order_on_the_same_SKU_and_a_sibling_groups_order_for_both()
    {
        var shipping = OrderOf(1, new OrderLine("A", "Shipping", PlaceType.Group, 1));
        var pickUp = OrderOf(2, new OrderLine("A", "store-1", PlaceType.Location, 1));
        var sibling = OrderOf(3, new OrderLine("A", "Brand2", PlaceType.Group, 1)) with { Site = "Brand2" };
        var unrelated = OrderOf(4, new OrderLine("B", "store-1", PlaceType.Location, 1));

        Assert.Multiple(() =>
        {
            Assert.That(FirstComeFirstServed.Claimable([pickUp, sibling, unrelated], [shipping], Scope), Is.EqualTo(new[] { unrelated }));
            Assert.That(FirstComeFirstServed.Claimable([pickUp, sibling], [shipping], scope: null), Has.Count.EqualTo(2),
                "without the graph the places look unrelated: what the scope is for");
        });
    }
}
