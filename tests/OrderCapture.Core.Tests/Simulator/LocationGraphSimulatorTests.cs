using OrderCapture.Core.Oci;
using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Places;
using OrderCapture.Core.Tests.Support;
using OrderCapture.OciSimulator.State;

namespace OrderCapture.Core.Tests.Simulator;

/// <summary>
/// The simulator's location graph and how its figures move (OCI-CONTRACT.md, "Location graph"),
/// through the worker's own client: two groups share a warehouse, a store is in one of them.
/// </summary>
public sealed class LocationGraphSimulatorTests
{
    private static readonly InventorySeed Shared = new()
    {
        Locations =
        [
            new SeedLocation("dc-east", [new SeedRecord("SKU-1", 5)]),
            new SeedLocation("store-1", [new SeedRecord("SKU-1", 2)]),
        ],
        Groups = [new SeedGroup("MySiteInventory", ["dc-east", "store-1"]), new SeedGroup("BrandTwo", ["dc-east"])],
    };

    private OciTestContext _oci = null!;

    [SetUp]
    public async Task StartAsync() => _oci = await OciTestContext.StartAsync(seed: Shared);

    [TearDown]
    public async Task StopAsync() => await _oci.DisposeAsync();

    private decimal Ato(SimPlaceType type, string id) => _oci.Simulator.State.Figures(new SimPlace(type, id), "SKU-1")!.Ato;

    private Task<OciResult<ReservationResponse>> ReserveAsync(string id, string place, bool group, decimal quantity)
    {
        var block = new[] { new ReservationPlaceRequest(place, [new ReservationLineRequest("SKU-1", quantity)]) };
        return _oci.Client.CreateReservationAsync(id, new ReservationRequest { ExternalRefId = id, Groups = group ? block : [], Locations = group ? [] : block }, CancellationToken.None);
    }

    [Test]
    public async Task The_graph_export_round_trips_through_the_worker_client()
    {
        var result = await _oci.Client.ExportLocationGraphAsync(DateTimeOffset.UnixEpoch, CancellationToken.None);

        var graph = ((OciResult<LocationGraph>.Success)result).Value;
        Assert.Multiple(() =>
        {
            Assert.That(graph.Locations, Is.EqualTo(new[] { "dc-east", "store-1" }));
            Assert.That(graph.LocationsOf("MySiteInventory"), Is.EqualTo(new[] { "dc-east", "store-1" }));
            Assert.That(graph.GroupsContaining("dc-east"), Is.EqualTo(new[] { "BrandTwo", "MySiteInventory" }));
            Assert.That(_oci.Simulator.Stats.Get("deleteLocationGraphExport", 204), Is.EqualTo(1), "the client deleted its export");
        });
    }

    [Test]
    public async Task A_reservation_at_a_group_is_counted_by_every_group_sharing_a_location_and_not_by_the_locations()
    {
        await ReserveAsync("r-1", "MySiteInventory", group: true, 3);

        Assert.Multiple(() =>
        {
            Assert.That(Ato(SimPlaceType.Group, "MySiteInventory"), Is.EqualTo(4m));
            Assert.That(Ato(SimPlaceType.Group, "BrandTwo"), Is.EqualTo(2m), "sharedGroupReserved: 3 of BrandTwo's 5");
            Assert.That(Ato(SimPlaceType.Location, "dc-east"), Is.EqualTo(5m), "a group reservation leaves its locations' own figures");
        });
    }

    [Test]
    public async Task A_reservation_at_a_store_lowers_the_store_and_its_group_only()
    {
        await ReserveAsync("r-2", "store-1", group: false, 2);

        Assert.Multiple(() =>
        {
            Assert.That(Ato(SimPlaceType.Location, "store-1"), Is.Zero);
            Assert.That(Ato(SimPlaceType.Group, "MySiteInventory"), Is.EqualTo(5m));
            Assert.That(Ato(SimPlaceType.Group, "BrandTwo"), Is.EqualTo(5m), "store-1 is not BrandTwo's");
        });
    }

    [Test]
    public async Task A_sibling_groups_export_carries_the_shared_reservation_and_its_delta_moves()
    {
        var start = new List<AvailabilityRecord>();
        var export = await _oci.Client.ExportAsync([new PlaceRef(PlaceType.Group, "BrandTwo")], (b, _) => { start.AddRange(b); return ValueTask.CompletedTask; }, CancellationToken.None);
        var token = ((OciResult<ExportResult>.Success)export).Value.DeltaToken;

        await ReserveAsync("r-3", "MySiteInventory", group: true, 1);
        var deltas = new List<DeltaRecord>();
        await _oci.Client.GetDeltasAsync(token, (page, _) => { deltas.AddRange(page); return ValueTask.CompletedTask; }, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(start.Single().Ato, Is.EqualTo(5m));
            Assert.That(deltas.Where(d => d.PlaceId == "BrandTwo").Select(d => d.Ato), Has.Member(4m), "the sibling's delta feed tells the worker");
        });
    }
}
