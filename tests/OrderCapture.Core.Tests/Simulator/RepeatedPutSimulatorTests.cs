using OrderCapture.Core.Oci;
using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Tests.Support;
using OrderCapture.OciSimulator;

namespace OrderCapture.Core.Tests.Simulator;

/// <summary><c>Simulator:RepeatedPut</c>: the friendly replay, or only what the spec promises (409 for any PUT on an existing id).</summary>
public sealed class RepeatedPutSimulatorTests
{
    private static ReservationRequest Request(decimal quantity) => new()
    {
        ExternalRefId = "MySite-1",
        Groups = [new ReservationPlaceRequest("MySiteInventory", [new ReservationLineRequest("SKU-1", quantity)])],
    };

    [TestCase(RepeatedPutAnswer.FirstResult, typeof(OciResult<ReservationResponse>.Success))]
    [TestCase(RepeatedPutAnswer.Conflict, typeof(OciResult<ReservationResponse>.Rejected))]
    public async Task The_same_body_again_is_replayed_or_a_conflict_as_configured(RepeatedPutAnswer mode, Type expected)
    {
        await using var oci = await OciTestContext.StartAsync(simulatorOptions: new SimulatorOptions { ExportDelay = TimeSpan.Zero, RepeatedPut = mode });

        await oci.Client.CreateReservationAsync("r-1", Request(2), CancellationToken.None);
        var again = await oci.Client.CreateReservationAsync("r-1", Request(2), CancellationToken.None);
        var other = await oci.Client.CreateReservationAsync("r-1", Request(3), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(again, Is.TypeOf(expected));
            Assert.That(other, Is.EqualTo(new OciResult<ReservationResponse>.Rejected(409, "EntityExists", "A reservation with that ID already exists")), "another body: 409 in both modes");
            Assert.That(oci.Simulator.State.Reservations(), Has.Count.EqualTo(1));
        });
    }
}
