using Microsoft.Extensions.Options;
using OrderCapture.Core.Capture;
using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Sites;

namespace OrderCapture.Core.Tests.Capture;

public sealed class OrderValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 2, 2, 12, 0, 0, TimeSpan.Zero);

    private static readonly OrderValidator Validator = new(new SiteCatalog(Options.Create(new OrderCaptureOptions
    {
        ApiKey = "0123456789abcdef",
        Sites =
        [
            new SiteOptions { Id = "MySite", InventoryListId = "MySiteInventory" },
            new SiteOptions { Id = "Store", InventoryListId = "store-042", PlaceType = PlaceType.Location },
        ],
    })));

    private static OrderSubmission Submission(string? orderNo = "1001", string? site = "MySite", string? sku = "SKU-1", decimal? quantity = 1, string? list = null) => new()
    {
        OrderNo = orderNo,
        Site = site,
        Lines = [new OrderSubmissionLine { Sku = sku, Quantity = quantity, InventoryListId = list }],
    };

    [Test]
    public void A_good_order_takes_the_site_list_and_its_place_type()
    {
        var (order, errors) = Validator.Validate(Submission(list: "store-042"), Now);

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
        Assert.That(Validator.Validate(Submission(orderNo: orderNo), Now).Order, Is.Null);

    [TestCase("..")]
    [TestCase("Unknown")]
    [TestCase(null)]
    public void Sites_that_are_malformed_or_not_configured_are_refused(string? site) =>
        Assert.That(Validator.Validate(Submission(site: site), Now).Order, Is.Null);

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(0.0001)]
    [TestCase(1_000_001)]
    public void Quantities_that_are_not_positive_thousandths_are_refused(decimal quantity) =>
        Assert.That(Validator.Validate(Submission(quantity: quantity), Now).Order, Is.Null);

    [TestCase("a/b")]
    [TestCase("a%b")]
    [TestCase("a b")]
    [TestCase("a\tb")]
    public void SKUs_with_forbidden_characters_are_refused(string sku) =>
        Assert.That(Validator.Validate(Submission(sku: sku), Now).Order, Is.Null);

    [Test]
    public void A_line_on_an_inventory_list_that_is_not_configured_is_refused() =>
        Assert.That(Validator.Validate(Submission(list: "someone-elses"), Now).Errors, Has.One.Contains("inventoryListId"));
}
