using OrderCapture.Core.Orders;

namespace OrderCapture.Core.Tests.Orders;

public sealed class ReservationIdsTests
{
    [Test]
    public void The_reservation_id_never_changes_between_releases()
    {
        // A changed derivation would make a re-run after an upgrade reserve the same order twice.
        Assert.That(ReservationIds.For("MySite", "0001"), Is.EqualTo("oc-581d60ad73ef4b96a958d7eb30ccd281"));
    }

    [Test]
    public void Site_and_order_number_cannot_be_shifted_into_one_another() =>
        Assert.That(ReservationIds.For("a-b", "c"), Is.Not.EqualTo(ReservationIds.For("a", "b-c")));

    [Test]
    public void The_reservation_id_is_a_safe_path_segment() =>
        Assert.That(ReservationIds.For("MySite", "0001"), Does.Match("^oc-[0-9a-f]{32}$"));
}
