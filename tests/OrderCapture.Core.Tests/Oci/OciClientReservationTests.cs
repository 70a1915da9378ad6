using OrderCapture.Core.Oci;
using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Tests.Support;
using OrderCapture.OciSimulator.State;

namespace OrderCapture.Core.Tests.Oci;

public sealed class OciClientReservationTests
{
    private OciTestContext _oci = null!;

    [SetUp]
    public async Task StartAsync() => _oci = await OciTestContext.StartAsync();

    [TearDown]
    public async Task StopAsync() => await _oci.DisposeAsync();

    private static ReservationRequest GroupRequest(bool allowPartial, params (string Sku, decimal Quantity)[] lines) => new()
    {
        ExternalRefId = "MySite-1",
        AllowPartialReservations = allowPartial,
        Groups = [new ReservationPlaceRequest("MySiteInventory", [.. lines.Select(l => new ReservationLineRequest(l.Sku, l.Quantity))])],
    };

    [Test]
    public async Task Partial_reservation_reserves_what_there_is_and_reports_it()
    {
        // Group SKU-2 ATO is 5 (store-1 only).
        var result = await _oci.Client.CreateReservationAsync("r-partial", GroupRequest(true, ("SKU-1", 2), ("SKU-2", 8)), CancellationToken.None);

        var response = ((OciResult<ReservationResponse>.Success)result).Value;
        Assert.Multiple(() =>
        {
            Assert.That(response.Success, Is.False);
            Assert.That(response.ReservedQuantity("MySiteInventory", "SKU-1"), Is.EqualTo(2m));
            Assert.That(response.ReservedQuantity("MySiteInventory", "SKU-2"), Is.EqualTo(5m));
            Assert.That(_oci.Simulator.State.Figures(new SimPlace(SimPlaceType.Group, "MySiteInventory"), "SKU-2")!.Ato, Is.Zero);
        });
    }

    [Test]
    public async Task All_or_nothing_reservation_fails_a_short_line_whole()
    {
        var result = await _oci.Client.CreateReservationAsync("r-aon", GroupRequest(false, ("SKU-2", 6)), CancellationToken.None);

        var response = ((OciResult<ReservationResponse>.Success)result).Value;
        Assert.Multiple(() =>
        {
            Assert.That(response.Success, Is.False);
            Assert.That(response.ReservedQuantity("MySiteInventory", "SKU-2"), Is.Zero);
            Assert.That(response.Groups[0].Errors!.Single().ErrorCode, Is.EqualTo("InsufficientQuantity"));
            Assert.That(_oci.Simulator.State.Figures(new SimPlace(SimPlaceType.Group, "MySiteInventory"), "SKU-2")!.Ato, Is.EqualTo(5m));
        });
    }

    [Test]
    public async Task Replaying_the_same_reservation_returns_the_first_answer_and_reserves_once()
    {
        var request = GroupRequest(true, ("SKU-1", 3)) with { ReservationTime = new DateTimeOffset(2026, 2, 2, 12, 0, 0, TimeSpan.Zero) };
        var first = await _oci.Client.CreateReservationAsync("r-replay", request, CancellationToken.None);
        var second = await _oci.Client.CreateReservationAsync("r-replay", request, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(((OciResult<ReservationResponse>.Success)second).Value.ReservedQuantity("MySiteInventory", "SKU-1"), Is.EqualTo(3m));
            Assert.That(((OciResult<ReservationResponse>.Success)second).Value.ReservationTime, Is.EqualTo(((OciResult<ReservationResponse>.Success)first).Value.ReservationTime));
            Assert.That(_oci.Simulator.State.Reservations(), Has.Count.EqualTo(1));
            Assert.That(_oci.Simulator.State.Figures(new SimPlace(SimPlaceType.Group, "MySiteInventory"), "SKU-1")!.Ato, Is.EqualTo(13m - 3m));
        });
    }

    [Test]
    public async Task Same_id_with_another_body_is_rejected_as_EntityExists()
    {
        await _oci.Client.CreateReservationAsync("r-clash", GroupRequest(true, ("SKU-1", 1)), CancellationToken.None);
        var result = await _oci.Client.CreateReservationAsync("r-clash", GroupRequest(true, ("SKU-1", 2)), CancellationToken.None);

        Assert.That(result, Is.EqualTo(new OciResult<ReservationResponse>.Rejected(409, "EntityExists", "A reservation with that ID already exists")));
    }

    [Test]
    public async Task Unknown_group_is_rejected_and_nothing_is_reserved()
    {
        var request = new ReservationRequest
        {
            Groups = [new ReservationPlaceRequest("NoSuchGroup", [new ReservationLineRequest("SKU-1", 1)])],
            Locations = [new ReservationPlaceRequest("store-1", [new ReservationLineRequest("SKU-1", 1)])],
        };
        var result = await _oci.Client.CreateReservationAsync("r-unknown", request, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.TypeOf<OciResult<ReservationResponse>.Rejected>().With.Property("ErrorCode").EqualTo("GroupDoesNotExist"));
            Assert.That(_oci.Simulator.State.Figures(new SimPlace(SimPlaceType.Location, "store-1"), "SKU-1")!.Reserved, Is.Zero);
            Assert.That(_oci.Simulator.State.Reservations(), Is.Empty);
        });
    }

    [Test]
    public async Task Invalid_quantity_is_rejected_as_InvalidRequest()
    {
        var result = await _oci.Client.CreateReservationAsync("r-bad", GroupRequest(true, ("SKU-1", 0.0001m)), CancellationToken.None);

        Assert.That(result, Is.TypeOf<OciResult<ReservationResponse>.Rejected>().With.Property("ErrorCode").EqualTo("InvalidRequest"));
    }

    [Test]
    public async Task Cancel_gives_the_stock_back_and_a_second_cancel_is_rejected()
    {
        await _oci.Client.CreateReservationAsync("r-cancel", GroupRequest(true, ("SKU-1", 4)), CancellationToken.None);

        var first = await _oci.Client.CancelReservationAsync("r-cancel", CancellationToken.None);
        var again = await _oci.Client.CancelReservationAsync("r-cancel", CancellationToken.None);
        var unknown = await _oci.Client.CancelReservationAsync("r-none", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(new OciResult<CancelOutcome>.Success(CancelOutcome.Cancelled)));
            Assert.That(again, Is.TypeOf<OciResult<CancelOutcome>.Rejected>().With.Property("ErrorCode").EqualTo("ReservationCancelled"));
            Assert.That(unknown, Is.TypeOf<OciResult<CancelOutcome>.Rejected>().With.Property("StatusCode").EqualTo(404));
            Assert.That(_oci.Simulator.State.Figures(new SimPlace(SimPlaceType.Group, "MySiteInventory"), "SKU-1")!.Ato, Is.EqualTo(13m));
        });
    }

    [Test]
    public async Task Release_gives_stock_back_once_per_record_id_and_reports_shortfalls()
    {
        _oci.Simulator.State.Consume(new SimPlace(SimPlaceType.Location, "store-1"), "SKU-1", 5);
        var release = new ReleaseRequest([new ReleaseRecord { Id = "rel-1", Location = "store-1", Sku = "SKU-1", Quantity = 2 }]);

        var first = await _oci.Client.ReleaseAsync(release, CancellationToken.None);
        var replay = await _oci.Client.ReleaseAsync(release, CancellationToken.None);
        var tooMuch = await _oci.Client.ReleaseAsync(new ReleaseRequest([new ReleaseRecord { Id = "rel-2", Location = "store-1", Sku = "SKU-1", Quantity = 50 }]), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(((OciResult<ReleaseResponse>.Success)first).Value.Errors, Is.Empty);
            Assert.That(((OciResult<ReleaseResponse>.Success)replay).Value.Errors, Is.Empty);
            Assert.That(_oci.Simulator.State.Figures(new SimPlace(SimPlaceType.Location, "store-1"), "SKU-1")!.Reserved, Is.EqualTo(3m));
            Assert.That(((OciResult<ReleaseResponse>.Success)tooMuch).Value.Errors!.Single().ErrorCode, Is.EqualTo("InsufficientQuantity"));
        });
    }
}
