using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OrderCapture.Core.Tests.Support;
using OrderCapture.OciSimulator;
using OrderCapture.OciSimulator.State;

namespace OrderCapture.Core.Tests.Simulator;

/// <summary>The simulator's own semantics, checked over raw HTTP so the client cannot hide a mistake.</summary>
public sealed class SimulatorContractTests
{
    private const string Org = "/inventory/impex/v1/organizations/oc_sim";
    private OciTestContext _oci = null!;

    [TearDown]
    public async Task StopAsync() => await _oci.DisposeAsync();

    [Test]
    public async Task Group_figures_are_the_sums_of_their_locations()
    {
        _oci = await OciTestContext.StartAsync();
        var state = _oci.Simulator.State;
        state.Consume(new SimPlace(SimPlaceType.Location, "store-2"), "SKU-1", 1);

        var group = state.Figures(new SimPlace(SimPlaceType.Group, "MySiteInventory"), "SKU-1")!;
        var sku3 = state.Figures(new SimPlace(SimPlaceType.Group, "MySiteInventory"), "SKU-3")!;

        Assert.Multiple(() =>
        {
            Assert.That((group.OnHand, group.Reserved, group.SafetyStockCount, group.Ato), Is.EqualTo((14m, 1m, 1m, 12m)));
            Assert.That((sku3.Atf, sku3.Ato), Is.EqualTo((2m, 5m)), "futures count in ATO, not in ATF");
        });
    }

    [Test]
    public async Task Another_channel_cannot_take_more_than_the_ATO()
    {
        _oci = await OciTestContext.StartAsync();

        using var response = await _oci.Raw.PostAsJsonAsync("/_sim/consume", new { group = "MySiteInventory", sku = "SKU-2", quantity = 7 });

        var taken = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("taken").GetDecimal();
        Assert.Multiple(() =>
        {
            Assert.That(taken, Is.EqualTo(5m));
            Assert.That(_oci.Simulator.State.Figures(new SimPlace(SimPlaceType.Group, "MySiteInventory"), "SKU-2")!.Ato, Is.Zero);
        });
    }

    [Test]
    public async Task An_inventory_whose_group_names_an_unknown_location_is_refused()
    {
        _oci = await OciTestContext.StartAsync();

        using var response = await _oci.Raw.PutAsJsonAsync("/_sim/inventory", new { locations = Array.Empty<object>(), groups = new[] { new { id = "g1", locations = new[] { "nowhere" } } } });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Good_answers_carry_rate_limit_headers_and_excess_is_429_with_Retry_After()
    {
        _oci = await OciTestContext.StartAsync();
        var http = await _oci.AuthorisedRawAsync();
        await _oci.SetFaultAsync("rateLimit", requestsPerSecond: 3);

        var statuses = new List<HttpResponseMessage>();
        for (var i = 0; i < 8; i++)
        {
            statuses.Add(await http.PostAsJsonAsync("/inventory/availability/v1/organizations/oc_sim/availability-records/actions/get-availability", new { skus = new[] { "SKU-1" }, groups = new[] { "MySiteInventory" } }));
        }

        var ok = statuses.First(r => r.StatusCode == HttpStatusCode.OK);
        var limited = statuses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.Multiple(() =>
        {
            Assert.That(ok.Headers.GetValues("X-RateLimit-Limit").Single(), Is.EqualTo("3"));
            Assert.That(ok.Headers.Contains("X-RateLimit-Remaining") && ok.Headers.Contains("X-RateLimit-Reset"), Is.True);
            Assert.That(limited.Headers.RetryAfter!.Delta, Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(statuses.Count(r => r.StatusCode == HttpStatusCode.OK), Is.InRange(3, 6), "at most the limit per one-second window");
        });
        statuses.ForEach(r => r.Dispose());
    }

    [Test]
    public async Task An_export_is_asynchronous_and_its_file_has_headers_records_token_and_a_matching_hash()
    {
        // Long enough that the early request meets it running even on a loaded machine (400 ms was not, once).
        _oci = await OciTestContext.StartAsync(simulatorOptions: new SimulatorOptions { ExportDelay = TimeSpan.FromSeconds(2) });
        var http = await _oci.AuthorisedRawAsync();

        using var initiated = await http.PostAsJsonAsync($"{Org}/availability-records/exports", new { objects = new { groups = new[] { "MySiteInventory" } } });
        var exportId = (await initiated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("exportId").GetString();
        using var early = await http.GetAsync($"{Org}/availability-records/exports/{exportId}/file-content");
        Assert.That(early.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "409 ExportInProcess while running");

        JsonElement status;
        do
        {
            await Task.Delay(50);
            status = await http.GetFromJsonAsync<JsonElement>($"{Org}/availability-records/exports/{exportId}/status");
        }
        while (status.GetProperty("status").GetString() != "COMPLETED");

        var bytes = await http.GetByteArrayAsync($"{Org}/availability-records/exports/{exportId}/file-content");
        var lines = Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(status.GetProperty("validation").GetProperty("fileHash").GetString(), Is.EqualTo(Convert.ToHexString(SHA256.HashData(bytes))));
            Assert.That(status.GetProperty("validation").GetProperty("fileSize").GetInt64(), Is.EqualTo(bytes.Length));
            Assert.That(lines[0].GetProperty("groupId").GetString(), Is.EqualTo("MySiteInventory"));
            Assert.That(lines.Skip(1).SkipLast(1).Select(l => l.GetProperty("sku").GetString()), Is.EquivalentTo(new[] { "SKU-1", "SKU-2", "SKU-3" }));
            Assert.That(lines[1].TryGetProperty("groupReserved", out _) && lines[1].TryGetProperty("sharedGroupReserved", out _), Is.True);
            Assert.That(lines[^1].GetProperty("deltaToken").GetString(), Is.Not.Empty);
        });
    }

    [Test]
    public async Task An_export_of_groups_and_locations_at_once_is_refused()
    {
        _oci = await OciTestContext.StartAsync();
        var http = await _oci.AuthorisedRawAsync();

        using var response = await http.PostAsJsonAsync($"{Org}/availability-records/exports", new { objects = new { groups = new[] { "MySiteInventory" }, locations = new[] { "store-1" } } });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task OCI_endpoints_refuse_a_call_without_a_token()
    {
        _oci = await OciTestContext.StartAsync();

        using var response = await _oci.Raw.PostAsJsonAsync("/inventory/availability/v1/organizations/oc_sim/availability-records/actions/get-availability", new { skus = new[] { "SKU-1" }, groups = new[] { "MySiteInventory" } });

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(response.Headers.WwwAuthenticate.ToString(), Does.Contain("invalid_token"));
        });
    }

    [Test]
    public async Task Replacing_the_inventory_kills_every_delta_token()
    {
        _oci = await OciTestContext.StartAsync();
        var token = _oci.Simulator.State.IssueDeltaToken();

        _oci.Simulator.State.Replace(OciTestContext.StandardSeed);

        Assert.That(_oci.Simulator.State.Deltas(token, 1000), Is.Null);
    }

    [Test]
    public async Task A_seed_file_loads_the_same_inventory_as_the_control_api()
    {
        _oci = await OciTestContext.StartAsync();
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"seed-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, """{ "locations": [ { "id": "w1", "records": [ { "sku": "A-1", "onHand": 7 } ] } ], "groups": [ { "id": "g1", "locations": ["w1"] } ] }""");
        try
        {
            _oci.Simulator.State.Replace(OciSimulatorApp.LoadSeed(path));
        }
        finally
        {
            File.Delete(path);
        }

        Assert.That(_oci.Simulator.State.Figures(new SimPlace(SimPlaceType.Group, "g1"), "A-1")!.Ato, Is.EqualTo(7m));
    }
}
