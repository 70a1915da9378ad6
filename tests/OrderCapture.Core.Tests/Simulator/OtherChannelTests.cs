using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrderCapture.Core.Tests.Support;
using OrderCapture.OciSimulator.State;

namespace OrderCapture.Core.Tests.Simulator;

/// <summary><c>/_sim/channel</c>: the other sales channels, selling on their own clock, over raw HTTP.</summary>
public sealed class OtherChannelTests
{
    private static readonly SimPlace Group = new(SimPlaceType.Group, "MySiteInventory");
    private OciTestContext _oci = null!;

    [SetUp]
    public async Task StartAsync() => _oci = await OciTestContext.StartAsync();

    [TearDown]
    public async Task StopAsync() => await _oci.DisposeAsync();

    private decimal Ato(string sku) => _oci.Simulator.State.Figures(Group, sku)!.Ato;

    private async Task RestockAsync(decimal onHand)
    {
        using var response = await _oci.Raw.PutAsJsonAsync("/_sim/inventory", new
        {
            locations = new[] { new { id = "store-1", records = new[] { new { sku = "FAST", onHand }, new { sku = "SLOW", onHand } } } },
            groups = new[] { new { id = "MySiteInventory", locations = new[] { "store-1" } } },
        });
        response.EnsureSuccessStatusCode();
    }

    [Test]
    public async Task A_channel_sells_at_its_pace_while_OCI_is_cut_off_from_the_worker_and_stops_when_deleted()
    {
        await RestockAsync(100_000);
        using (var faults = await _oci.Raw.PutAsJsonAsync("/_sim/faults", new { mode = "drop" }))
        {
            faults.EnsureSuccessStatusCode();
        }

        using var set = await _oci.Raw.PutAsJsonAsync("/_sim/channel", new
        {
            rules = new object[] { new { group = "MySiteInventory", sku = "FAST", perMinute = 6000 }, new { group = "MySiteInventory", sku = "SLOW", perMinute = 0 } },
            seed = 7,
        });
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        using var stop = await _oci.Raw.DeleteAsync("/_sim/channel");
        var report = (await stop.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rules");
        var fastAfterStop = Ato("FAST");
        await Task.Delay(TimeSpan.FromSeconds(0.5));

        Assert.Multiple(() =>
        {
            Assert.That(set.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(fastAfterStop, Is.InRange(100_000m - 300, 100_000m - 50), "about 100 a second for 1.5 s");
            Assert.That(report[0].GetProperty("taken").GetDecimal(), Is.EqualTo(100_000m - fastAfterStop));
            Assert.That(Ato("SLOW"), Is.EqualTo(100_000m), "a pace of zero takes nothing");
            Assert.That(Ato("FAST"), Is.EqualTo(fastAfterStop), "nothing is taken after DELETE");
        });
    }

    [Test]
    public async Task A_channel_never_takes_more_than_the_ATO_and_its_sales_reach_the_delta_feed()
    {
        await RestockAsync(5);
        var token = _oci.Simulator.State.IssueDeltaToken();

        using var set = await _oci.Raw.PutAsJsonAsync("/_sim/channel", new { rules = new[] { new { location = "store-1", sku = "FAST", perMinute = 60_000 } } });
        await Task.Delay(TimeSpan.FromSeconds(0.6));
        var deltas = _oci.Simulator.State.Deltas(token, 100)!;

        Assert.Multiple(() =>
        {
            Assert.That(Ato("FAST"), Is.Zero);
            Assert.That(_oci.Simulator.Channel.Report().Rules.Single().Taken, Is.EqualTo(5m));
            Assert.That(deltas.Records.Select(r => (r.Place.Id, r.Sku)), Does.Contain(("MySiteInventory", "FAST")), "the group of the location moved too");
        });
    }

    [TestCase("""{"rules":[{"sku":"FAST","perMinute":1}]}""", "exactly one of group or location")]
    [TestCase("""{"rules":[{"group":"MySiteInventory","location":"store-1","sku":"FAST","perMinute":1}]}""", "exactly one of group or location")]
    [TestCase("""{"rules":[{"group":"MySiteInventory","sku":"FAST","perMinute":-1}]}""", "perMinute")]
    [TestCase("""{"rules":[{"group":"NoSuchGroup","sku":"FAST","perMinute":1}]}""", "does not exist")]
    [TestCase("""{}""", "rules is required")]
    public async Task A_bad_channel_is_refused_and_changes_nothing(string body, string expected)
    {
        await RestockAsync(10);
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        using var response = await _oci.Raw.PutAsync("/_sim/channel", content);

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain(expected));
            Assert.That(_oci.Simulator.Channel.Report().Running, Is.False);
        });
    }
}
