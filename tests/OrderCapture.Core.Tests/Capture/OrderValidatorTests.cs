using Microsoft.Extensions.Options;
using OrderCapture.Core.Capture;
using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Places;
using OrderCapture.Core.Sites;

namespace OrderCapture.Core.Tests.Capture;

public sealed class OrderValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 2, 2, 12, 0, 0, TimeSpan.Zero);

    private static readonly SiteOptions[] Sites =
    [
        new SiteOptions { Id = "MySite", InventoryListId = "MySiteInventory", PickupLocations = ["store-042"] },
        new SiteOptions { Id = "Store", InventoryListId = "store-043", PlaceType = PlaceType.Location },
        new SiteOptions { Id = "Everywhere", InventoryListId = "OtherInventory", PickupLocations = ["*"] },
    ];

    private static readonly OrderValidator Validator = new(new SiteCatalog(Options.Create(new OrderCaptureOptions { ApiKey = "0123456789abcdef", Sites = [.. Sites] })));

    private static readonly PlaceScope Scope = new(Sites, new LocationGraph(
        ["store-042", "store-043", "store-044"],
        [("MySiteInventory", ["store-042", "store-043"]), ("OtherInventory", ["store-043", "store-044"])],
        Now));

    private static OrderSubmission Submission(string? orderNo = "1001", string? site = "MySite", string? sku = "SKU-1", decimal? quantity = 1, string? list = null) => new()
    {
        OrderNo = orderNo,
        Site = site,
        Lines = [new OrderSubmissionLine { Sku = sku, Quantity = quantity, InventoryListId = list }],
    };

    [Test]
    public void A_pick_up_line_names_one_of_the_sites_pick_up_locations_and_is_a_location_line()
    {
        var (order, errors) = Validator.Validate(Submission(list: "store-042"), Now, Scope);

        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty);
            Assert.That(order!.Lines.Single().InventoryListId, Is.EqualTo("store-042"));
            Assert.That(order.Lines.Single().PlaceType, Is.EqualTo(PlaceType.Location));
            Assert.That(order.CapturedAt, Is.EqualTo(Now));
        });
    }

    [TestCase("../etc")]
    [TestCase("a/b")]
    [TestCase("a b")]
    [TestCase("")]
    [TestCase("x\u0000")]
    [TestCase("0123456789012345678901234567890123456789012345678901234567890123456789")]
    public void Order_numbers_outside_the_allow_list_are_refused(string orderNo) =>
        Assert.That(Validator.Validate(Submission(orderNo: orderNo), Now, Scope).Order, Is.Null);

    [TestCase("..")]
    [TestCase("Unknown")]
    [TestCase(null)]
    public void Sites_that_are_malformed_or_not_configured_are_refused(string? site) =>
        Assert.That(Validator.Validate(Submission(site: site), Now, Scope).Order, Is.Null);

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(0.0001)]
    [TestCase(1_000_001)]
    public void Quantities_that_are_not_positive_thousandths_are_refused(decimal quantity) =>
        Assert.That(Validator.Validate(Submission(quantity: quantity), Now, Scope).Order, Is.Null);

    [TestCase("a/b")]
    [TestCase("a%b")]
    [TestCase("a b")]
    [TestCase("a\tb")]
    public void SKUs_with_forbidden_characters_are_refused(string sku) =>
        Assert.That(Validator.Validate(Submission(sku: sku), Now, Scope).Order, Is.Null);

    [TestCase("someone-elses")]
    [TestCase("store-043")]
    [TestCase("OtherInventory")]
    public void A_line_on_a_list_that_is_neither_the_sites_nor_one_of_its_pick_up_locations_is_unknown_inventory_list(string list)
    {
        var (order, errors) = Validator.Validate(Submission(list: list), Now, Scope, out var code);

        Assert.Multiple(() =>
        {
            Assert.That(order, Is.Null);
            Assert.That(code, Is.EqualTo("unknown_inventory_list"), "store-043 is in the group but not a pick-up location of the site; another site's list is not this site's");
            Assert.That(errors, Has.One.Contains("inventoryListId"));
        });
    }

    [Test]
    public void A_line_without_a_list_is_on_the_sites_own_list_and_a_mixed_order_keeps_each_lines_place()
    {
        var submission = new OrderSubmission
        {
            OrderNo = "mixed",
            Site = "MySite",
            Lines = [new OrderSubmissionLine { Sku = "A", Quantity = 1 }, new OrderSubmissionLine { Sku = "B", Quantity = 2, InventoryListId = "store-042" }],
        };

        var order = Validator.Validate(submission, Now, Scope).Order!;

        Assert.That(order.Lines.Select(l => (l.InventoryListId, l.PlaceType)),
            Is.EqualTo(new[] { ("MySiteInventory", PlaceType.Group), ("store-042", PlaceType.Location) }));
    }

    [Test]
    public void A_star_makes_every_location_the_graph_puts_in_the_sites_group_a_pick_up_location()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Validator.Validate(Submission(site: "Everywhere", list: "store-044"), Now, Scope).Order, Is.Not.Null);
            Assert.That(Validator.Validate(Submission(site: "Everywhere", list: "store-042"), Now, Scope).Order, Is.Null, "store-042 is not in OtherInventory");
            Assert.That(Validator.Validate(Submission(site: "Everywhere", list: "store-044"), Now, new PlaceScope(Sites, LocationGraph.Unknown)).Order, Is.Null,
                "with no graph read yet, * names no location");
        });
    }

    [Test]
    public void A_bad_quantity_beside_an_unknown_list_is_an_invalid_order()
    {
        Validator.Validate(Submission(list: "someone-elses", quantity: 0), Now, Scope, out var code);

        Assert.That(code, Is.EqualTo("invalid_order"));
    }
}
