using OrderCapture.Core.Checks.OciVerification;
using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;

namespace OrderCapture.Core.Tests.Checks;

/// <summary>What an order should have at OCI, and what a document that says otherwise is called.</summary>
public sealed class OciDocumentRulesTests
{
    private static readonly PlaceRef Group = new(PlaceType.Group, "G1");
    private static readonly DateTimeOffset At = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    private static Order Order(OrderStatus status, decimal? reserved = null, OciCancelState cancel = OciCancelState.Done) => new(
        "MySite", "0001", status, At,
        [new OrderLine("SKU-1", "G1", PlaceType.Group, 2, reserved), new OrderLine("SKU-1", "G1", PlaceType.Group, 1, reserved is null ? null : 0)],
        Cancellation: status == OrderStatus.Cancelled ? new OrderCancellation("payment_declined", null, At, cancel) : null);

    private static ReservationDocument Document(decimal quantity, ReservationDocumentState state = ReservationDocumentState.Open, decimal fulfilled = 0, string? id = null) =>
        new(id ?? ReservationIds.For("MySite", "0001"), "MySite-0001", At, state, [new ReservationDocumentLine(Group, "SKU-1", quantity, fulfilled)]);

    [Test]
    public void A_reserved_order_agrees_with_a_document_holding_its_lines_summed_per_SKU() =>
        Assert.That(OciDocumentRules.Judge(Order(OrderStatus.Reserved), Document(3)), Is.Null);

    [Test]
    public void A_reserved_order_without_a_document_is_a_missing_document() =>
        Assert.That(OciDocumentRules.Judge(Order(OrderStatus.CompletelyReserved), null)?.Kind, Is.EqualTo(OciDocumentRules.DocumentMissing));

    [Test]
    public void A_reserved_order_whose_document_was_cancelled_is_a_missing_document_that_says_closed()
    {
        var finding = OciDocumentRules.Judge(Order(OrderStatus.Reserved), Document(0, ReservationDocumentState.Closed));

        Assert.That(finding?.Kind, Is.EqualTo(OciDocumentRules.DocumentMissing));
        Assert.That(finding?.Detail, Does.Contain("closed"));
    }

    [Test]
    public void A_reserved_order_whose_document_was_fulfilled_and_closed_agrees() =>
        Assert.That(OciDocumentRules.Judge(Order(OrderStatus.Reserved), Document(0, ReservationDocumentState.Closed, fulfilled: 3)), Is.Null);

    [Test]
    public void A_partially_reserved_order_is_judged_on_what_it_got_not_what_it_asked()
    {
        Assert.That(OciDocumentRules.Judge(Order(OrderStatus.PartiallyReserved, reserved: 1), Document(1)), Is.Null);

        var finding = OciDocumentRules.Judge(Order(OrderStatus.PartiallyReserved, reserved: 1), Document(3));
        Assert.That(finding?.Kind, Is.EqualTo(OciDocumentRules.QuantityMismatch));
        Assert.That(finding?.Detail, Does.Contain("SKU-1 at G1: we hold 1, OCI 3"));
    }

    [Test]
    public void A_nothing_reserved_order_may_have_an_empty_document_but_not_one_holding_stock()
    {
        Assert.That(OciDocumentRules.Judge(Order(OrderStatus.NothingReserved), Document(0)), Is.Null);
        Assert.That(OciDocumentRules.Judge(Order(OrderStatus.NothingReserved), Document(1))?.Kind, Is.EqualTo(OciDocumentRules.NothingReservedOpen));
    }

    [Test]
    public void A_cancelled_order_whose_document_still_holds_stock_is_open_after_cancel()
    {
        Assert.That(OciDocumentRules.Judge(Order(OrderStatus.Cancelled), Document(0, ReservationDocumentState.Closed)), Is.Null);
        Assert.That(OciDocumentRules.Judge(Order(OrderStatus.Cancelled), null), Is.Null);
        Assert.That(OciDocumentRules.Judge(Order(OrderStatus.Cancelled), Document(3))?.Kind, Is.EqualTo(OciDocumentRules.OpenAfterCancel));
    }

    [TestCase(OrderStatus.Reserving, OciCancelState.NotNeeded, false)]
    [TestCase(OrderStatus.ReservationMissing, OciCancelState.NotNeeded, false)]
    [TestCase(OrderStatus.NeedsReview, OciCancelState.NotNeeded, false)]
    [TestCase(OrderStatus.Cancelled, OciCancelState.Pending, false)]
    [TestCase(OrderStatus.Cancelled, OciCancelState.Done, true)]
    [TestCase(OrderStatus.Reserved, OciCancelState.NotNeeded, true)]
    [TestCase(OrderStatus.NothingReserved, OciCancelState.NotNeeded, true)]
    public void Only_settled_orders_are_judged(OrderStatus status, OciCancelState cancel, bool judgeable) =>
        Assert.That(OciDocumentRules.Judgeable(Order(status, cancel: cancel)), Is.EqualTo(judgeable));

    [TestCase("MySite-0001", "MySite", "0001")]
    [TestCase("Shop-EU-0001", "Shop-EU", "0001")]
    [TestCase("Shop-0001", "Shop", "0001")]
    public void The_owner_of_an_external_ref_is_the_longest_configured_site_it_starts_with(string reference, string site, string orderNo) =>
        Assert.That(OciDocumentRules.OwnerOf(reference, ["MySite", "Shop", "Shop-EU"]), Is.EqualTo((site, orderNo)));

    [TestCase(null)]
    [TestCase("POS-0001")]
    [TestCase("MySite-")]
    public void Another_channels_document_has_no_owner_here(string? reference) =>
        Assert.That(OciDocumentRules.OwnerOf(reference, ["MySite"]), Is.Null);
}
