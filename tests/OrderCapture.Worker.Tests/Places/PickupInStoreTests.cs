using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrderCapture.Core.Orders;
using OrderCapture.OciSimulator.State;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Places;

/// <summary>
/// The implementation guide's "Shipping and BOPIS" setup over HTTP against the simulator: MySite
/// ships from its group (dc-east + store-1) and lets shoppers pick up at the group's stores ("*");
/// Brand2's group shares store-1. The location graph comes from the simulator's export.
/// </summary>
public sealed class PickupInStoreTests : WorkerTestBase
{
    private const string Shipping = WorkerTestHost.List;
    private const string Brand2 = "Brand2Inventory";

    protected override InventorySeed Seed => SeedWith(store2InGroup: false);

    private static InventorySeed SeedWith(bool store2InGroup) => new()
    {
        Locations =
        [
            new SeedLocation("dc-east", [new SeedRecord("LAST", 0), new SeedRecord("SKU-1", 10), new SeedRecord("SKU-2", 5)]),
            new SeedLocation("store-1", [new SeedRecord("LAST", 1), new SeedRecord("SKU-1", 3), new SeedRecord("SKU-2", 3)]),
            new SeedLocation("store-2", [new SeedRecord("LAST", 0), new SeedRecord("SKU-1", 2), new SeedRecord("SKU-2", 0)]),
            new SeedLocation("dc-west", [new SeedRecord("LAST", 0), new SeedRecord("SKU-1", 4), new SeedRecord("SKU-2", 0)]),
        ],
        Groups = [new SeedGroup(Shipping, store2InGroup ? ["dc-east", "store-1", "store-2"] : ["dc-east", "store-1"]), new SeedGroup(Brand2, ["store-1", "dc-west"])],
    };

    private static readonly Dictionary<string, string> Sites = new()
    {
        ["OrderCapture:Sites:0:PickupLocations:0"] = "*",
        ["OrderCapture:Sites:1:Id"] = "Brand2",
        ["OrderCapture:Sites:1:InventoryListId"] = Brand2,
        ["Inventory:LocationGraphRefresh"] = "00:00:01",
    };

    private Task<HttpResponseMessage> PostAsync(string site, string orderNo, params (string Sku, decimal Quantity, string? List)[] lines) =>
        Worker.Http.PostAsJsonAsync("/api/orders", new { orderNo, site, lines = lines.Select(l => new { sku = l.Sku, quantity = l.Quantity, inventoryListId = l.List }) });

    private async Task WaitForListAsync(string list, string sku) => await WorkerTestHost.WaitUntilAsync(async () =>
    {
        using var response = await Worker.Http.GetAsync($"/api/availability/{list}/{sku}");
        return response.IsSuccessStatusCode;
    }, $"the cache knows {sku} at {list}");

    [Test]
    public async Task The_guides_setup_starts_and_with_OCI_down_the_last_unit_at_a_store_is_sold_once()
    {
        await StartWorkerAsync(Sites, "LAST");
        await WaitForListAsync("store-1", "LAST");
        await WaitForListAsync(Brand2, "LAST");
        await Worker.CutOciAsync(Simulator);

        var answers = await Task.WhenAll(
            PostAsync("MySite", "ship", ("LAST", 1, null)),
            PostAsync("MySite", "pick", ("LAST", 1, "store-1")),
            PostAsync("Brand2", "brand", ("LAST", 1, null)));

        Assert.That(answers.Count(a => a.StatusCode == HttpStatusCode.Created), Is.EqualTo(1),
            string.Join(", ", answers.Select(a => a.StatusCode)));
        Assert.That(answers.Count(a => a.StatusCode == HttpStatusCode.Conflict), Is.EqualTo(2));
    }

    [Test]
    public async Task Availability_names_the_lists_a_hold_at_a_store_counts_against()
    {
        await StartWorkerAsync(Sites);
        await WaitForListAsync("store-1", "SKU-1");

        var store = await Worker.GetJsonAsync("/api/availability/store-1/SKU-1");
        var group = await Worker.GetJsonAsync($"/api/availability/{Shipping}/SKU-1");

        Assert.Multiple(() =>
        {
            Assert.That(store.GetProperty("holdsCountAgainst").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "store-1", Brand2, Shipping }));
            Assert.That(store.GetProperty("cappedBy").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "store-1", Brand2, Shipping }));
            Assert.That(group.GetProperty("holdsCountAgainst").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { Shipping, Brand2 }));
        });
    }

    [Test]
    public async Task A_store_added_to_the_group_is_sold_for_pick_up_at_the_next_graph_read_without_a_restart()
    {
        await StartWorkerAsync(Sites);
        using var before = await PostAsync("MySite", "early", ("SKU-1", 1, "store-2"));
        Assert.That((await before.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString(), Is.EqualTo("unknown_inventory_list"));

        Simulator.State.Replace(SeedWith(store2InGroup: true));
        await WaitForListAsync("store-2", "SKU-1");
        using var after = await PostAsync("MySite", "later", ("SKU-1", 1, "store-2"));

        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task A_mixed_order_online_is_one_document_with_a_groups_and_a_locations_block()
    {
        await StartWorkerAsync(Sites);
        await WaitForListAsync("store-1", "SKU-2");

        using var answer = await PostAsync("MySite", "mixed-online", ("SKU-1", 2, null), ("SKU-2", 1, "store-1"));

        var document = Simulator.State.Reservations().Single();
        Assert.Multiple(() =>
        {
            Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(document.Reserved.Select(r => (r.Place.Type, r.Place.Id, r.Sku, r.Quantity)), Is.EquivalentTo(new[]
            {
                (SimPlaceType.Group, Shipping, "SKU-1", 2m), (SimPlaceType.Location, "store-1", "SKU-2", 1m),
            }));
        });
    }

    [Test]
    public async Task Mixed_orders_taken_offline_are_reconciled_per_line_in_one_document_each()
    {
        await StartWorkerAsync(Sites);
        await WaitForListAsync("store-1", "SKU-2");
        await Worker.CutOciAsync(Simulator);
        using (var first = await PostAsync("MySite", "mixed-1", ("SKU-1", 1, null), ("SKU-2", 2, "store-1")))
        using (var second = await PostAsync("MySite", "mixed-2", ("SKU-1", 1, null), ("SKU-2", 1, "store-1")))
        {
            Assert.That(new[] { first.StatusCode, second.StatusCode }, Is.All.EqualTo(HttpStatusCode.Created));
        }

        // Meanwhile another channel sells a unit at the store: the second order's pick-up line comes up short.
        Simulator.Faults.Set(FaultSettings.None);
        Simulator.State.Consume(new SimPlace(SimPlaceType.Location, "store-1"), "SKU-2", 1);
        await WorkerTestHost.WaitUntilAsync(async () => await Worker.OciStateAsync() == "online", "OCI is back");
        using (await Worker.Http.PostAsJsonAsync("/api/reconcile", new { }))
        {
        }

        await WorkerTestHost.WaitUntilAsync(async () => (await Worker.Store.ListOrdersAsync(OrderStatus.ReservationMissing, null, 10, CancellationToken.None)).Count == 0,
            "both are reconciled");
        var first2 = (await Worker.Store.GetOrderAsync("MySite", "mixed-1", CancellationToken.None))!;
        var second2 = (await Worker.Store.GetOrderAsync("MySite", "mixed-2", CancellationToken.None))!;
        Assert.Multiple(() =>
        {
            Assert.That(first2.Status, Is.EqualTo(OrderStatus.CompletelyReserved), "the older order is served first");
            Assert.That(second2.Status, Is.EqualTo(OrderStatus.PartiallyReserved));
            Assert.That(second2.Lines.Select(l => (l.InventoryListId, l.ReservedQuantity)), Is.EqualTo(new[] { (Shipping, (decimal?)1m), ("store-1", (decimal?)0m) }));
            Assert.That(Simulator.State.Reservations(), Has.Count.EqualTo(2), "one document per order, its lines in both blocks");
        });
    }
}
