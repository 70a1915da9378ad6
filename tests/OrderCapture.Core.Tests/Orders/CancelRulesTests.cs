using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;

namespace OrderCapture.Core.Tests.Orders;

public sealed class CancelRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private static Order Order(OrderStatus status, CapturePath path, TimeSpan capturedAgo, int attempts = 0) =>
        new("MySite", "o-1", status, Now - capturedAgo, [new OrderLine("SKU-1", "MySiteInventory", PlaceType.Group, 1)], attempts, Path: path);

    [Test]
    public void An_offline_order_no_run_ever_claimed_has_no_document_to_cancel()
    {
        var plan = CancelPlan.For(Order(OrderStatus.ReservationMissing, CapturePath.Offline, TimeSpan.FromMinutes(5)), null, everClaimed: false, Lease, Now);

        Assert.That((plan.OciCancel, plan.OciCancelsDueAt.Count), Is.EqualTo((OciCancelState.NotNeeded, 0)));
    }

    [TestCase(false, 1)]
    [TestCase(true, 0)]
    public void An_order_a_run_tried_may_have_a_document(bool claimed, int attempts)
    {
        var plan = CancelPlan.For(Order(OrderStatus.ReservationMissing, CapturePath.Offline, TimeSpan.FromMinutes(5), attempts), null, claimed, Lease, Now);

        Assert.That((plan.OciCancel, plan.OciCancelsDueAt), Is.EqualTo((OciCancelState.Pending, new[] { Now })));
    }

    [Test]
    public void An_online_order_inside_its_attempt_lease_gets_a_second_cancel_when_an_abandoned_PUT_could_no_longer_land()
    {
        var plan = CancelPlan.For(Order(OrderStatus.ReservationMissing, CapturePath.Online, TimeSpan.FromSeconds(3)), null, everClaimed: false, Lease, Now);

        Assert.That(plan.OciCancelsDueAt, Is.EqualTo(new[] { Now, Now + TimeSpan.FromSeconds(27) }));
    }

    [Test]
    public void A_live_reconciliation_claim_sets_the_second_cancel_an_attempt_lease_after_the_claim_ends()
    {
        // The run's PUT may go out just before the claim ends and, given up on, land an attempt lease later;
        // the cancel clears the claim, so nothing else covers that PUT.
        var plan = CancelPlan.For(Order(OrderStatus.ReservationMissing, CapturePath.Offline, TimeSpan.FromMinutes(5)), Now + TimeSpan.FromMinutes(4), everClaimed: true, Lease, Now);

        Assert.That(plan.OciCancelsDueAt, Is.EqualTo(new[] { Now, Now + TimeSpan.FromMinutes(4) + Lease }));
    }

    [TestCase(1, true)]
    [TestCase(31, false)]
    public void A_claim_that_ended_seconds_ago_still_gets_a_second_cancel_until_its_PUT_can_no_longer_land(int endedSecondsAgo, bool second)
    {
        // An instance that died holding the claim gave its PUT up then; it may land an attempt lease after.
        var ended = Now - TimeSpan.FromSeconds(endedSecondsAgo);
        var plan = CancelPlan.For(Order(OrderStatus.ReservationMissing, CapturePath.Offline, TimeSpan.FromMinutes(5)), ended, everClaimed: true, Lease, Now);

        Assert.That(plan.OciCancelsDueAt, Is.EqualTo(second ? new[] { Now, ended + Lease } : new[] { Now }));
    }

    [TestCase(OrderStatus.NeedsReview, false)]
    [TestCase(OrderStatus.Cancelled, false)]
    [TestCase(OrderStatus.Reserving, true)]
    [TestCase(OrderStatus.PartiallyReserved, true)]
    public void Only_NeedsReview_and_Cancelled_cannot_be_cancelled(OrderStatus status, bool cancellable) =>
        Assert.That(CancelRules.IsCancellable(status), Is.EqualTo(cancellable));
}
