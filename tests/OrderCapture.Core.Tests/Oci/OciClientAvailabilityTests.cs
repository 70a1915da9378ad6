using OrderCapture.Core.Oci;
using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Tests.Support;
using OrderCapture.OciSimulator.State;

namespace OrderCapture.Core.Tests.Oci;

public sealed class OciClientAvailabilityTests
{
    private OciTestContext _oci = null!;

    [TearDown]
    public async Task StopAsync() => await _oci.DisposeAsync();

    private static InventorySeed ManySkus(int skus, int locations) => new()
    {
        Locations = [.. Enumerable.Range(1, locations).Select(l => new SeedLocation($"loc-{l}", [.. Enumerable.Range(1, skus).Select(s => new SeedRecord($"SKU-{s}", s))]))],
        Groups = [new SeedGroup("all", [.. Enumerable.Range(1, locations).Select(l => $"loc-{l}")])],
    };

    [Test]
    public async Task Availability_answers_group_and_location_figures()
    {
        _oci = await OciTestContext.StartAsync();

        var result = await _oci.Client.GetAvailabilityAsync(["SKU-1", "SKU-3"], [new(PlaceType.Group, "MySiteInventory"), new(PlaceType.Location, "store-2")], CancellationToken.None);

        var records = ((OciResult<IReadOnlyList<AvailabilityRecord>>.Success)result).Value;
        Assert.That(records, Is.EquivalentTo(new[]
        {
            new AvailabilityRecord(new(PlaceType.Group, "MySiteInventory"), "SKU-1", Ato: 13, Atf: 13, OnHand: 14, Reserved: 0),
            new AvailabilityRecord(new(PlaceType.Group, "MySiteInventory"), "SKU-3", Ato: 5, Atf: 2, OnHand: 2, Reserved: 0),
            new AvailabilityRecord(new(PlaceType.Location, "store-2"), "SKU-1", Ato: 3, Atf: 3, OnHand: 4, Reserved: 0),
            new AvailabilityRecord(new(PlaceType.Location, "store-2"), "SKU-3", Ato: 5, Atf: 2, OnHand: 2, Reserved: 0),
        }));
    }

    [Test]
    public async Task Availability_is_split_into_calls_of_at_most_100_pairs()
    {
        _oci = await OciTestContext.StartAsync(seed: ManySkus(skus: 250, locations: 3));
        var places = Enumerable.Range(1, 3).Select(l => new PlaceRef(PlaceType.Location, $"loc-{l}")).ToList();

        var result = await _oci.Client.GetAvailabilityAsync([.. Enumerable.Range(1, 250).Select(s => $"SKU-{s}")], places, CancellationToken.None);

        // 250 SKUs × 3 places = 750 pairs; 33 SKUs × 3 places per call → 8 calls, none over 100 pairs.
        Assert.Multiple(() =>
        {
            Assert.That(((OciResult<IReadOnlyList<AvailabilityRecord>>.Success)result).Value, Has.Count.EqualTo(750));
            Assert.That(_oci.Simulator.Stats.Get("getAvailability", 200), Is.EqualTo(8));
            Assert.That(_oci.Simulator.Stats.Get("getAvailability", 400), Is.Zero);
        });
    }

    [Test]
    public async Task Deltas_follow_should_query_again_across_pages()
    {
        _oci = await OciTestContext.StartAsync(seed: ManySkus(skus: 2_500, locations: 1));
        var token = _oci.Simulator.State.IssueDeltaToken();
        var location = new SimPlace(SimPlaceType.Location, "loc-1");
        for (var s = 1; s <= 2_500; s++)
        {
            _oci.Simulator.State.Consume(location, $"SKU-{s}", 1);
        }

        var pages = new List<int>();
        var seen = new Dictionary<(string, string), decimal>();
        var result = await _oci.Client.GetDeltasAsync(token, (page, _) =>
        {
            pages.Add(page.Count);
            foreach (var r in page)
            {
                seen[(r.PlaceId, r.Sku)] = r.Ato;
            }

            return ValueTask.CompletedTask;
        }, CancellationToken.None);

        // Each consume changes the location and its group: 5,000 records in pages of 1,000.
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.TypeOf<OciResult<string>.Success>());
            Assert.That(pages, Is.EqualTo(new[] { 1000, 1000, 1000, 1000, 1000 }));
            Assert.That(seen[("loc-1", "SKU-7")], Is.EqualTo(6m));
            Assert.That(seen[("all", "SKU-2500")], Is.EqualTo(2499m));
        });

        var next = await _oci.Client.GetDeltasAsync(((OciResult<string>.Success)result).Value, (page, _) =>
        {
            pages.Add(page.Count);
            return ValueTask.CompletedTask;
        }, CancellationToken.None);
        Assert.That(pages[^1], Is.Zero, "a caught-up token answers an empty page");
        Assert.That(next, Is.TypeOf<OciResult<string>.Success>());
    }

    [Test]
    public async Task Unknown_delta_token_is_rejected_as_ExpiredDeltaLink()
    {
        _oci = await OciTestContext.StartAsync();

        var result = await _oci.Client.GetDeltasAsync("dt-unknown", (_, _) => ValueTask.CompletedTask, CancellationToken.None);

        Assert.That(result, Is.TypeOf<OciResult<string>.Rejected>().With.Property("ErrorCode").EqualTo("ExpiredDeltaLink").And.Property("StatusCode").EqualTo(410));
    }

    [Test]
    public async Task Export_hands_over_every_record_and_a_token_that_follows_later_changes()
    {
        _oci = await OciTestContext.StartAsync(seed: ManySkus(skus: 12_000, locations: 2));
        var records = new List<AvailabilityRecord>();

        var result = await _oci.Client.ExportAsync([new(PlaceType.Group, "all"), new(PlaceType.Location, "loc-2")], (batch, _) =>
        {
            records.AddRange(batch);
            return ValueTask.CompletedTask;
        }, CancellationToken.None);

        var export = ((OciResult<ExportResult>.Success)result).Value;
        Assert.Multiple(() =>
        {
            Assert.That(export.RecordCount, Is.EqualTo(24_000));
            Assert.That(records, Has.Count.EqualTo(24_000));
            Assert.That(records, Does.Contain(new AvailabilityRecord(new(PlaceType.Group, "all"), "SKU-500", 1000, 1000, 1000, 0)));
            Assert.That(records, Does.Contain(new AvailabilityRecord(new(PlaceType.Location, "loc-2"), "SKU-500", 500, 500, 500, 0)));
        });

        _oci.Simulator.State.Consume(new SimPlace(SimPlaceType.Location, "loc-2"), "SKU-9", 4);
        var changes = new List<DeltaRecord>();
        await _oci.Client.GetDeltasAsync(export.DeltaToken, (page, _) =>
        {
            changes.AddRange(page);
            return ValueTask.CompletedTask;
        }, CancellationToken.None);
        Assert.That(changes.Select(c => (c.PlaceId, c.Sku, c.Ato)), Is.EquivalentTo(new[] { ("loc-2", "SKU-9", 5m), ("all", "SKU-9", 14m) }));
    }
}
