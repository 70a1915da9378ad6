using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrderCapture.OciSimulator.State;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Capture;

/// <summary>
/// Offline headroom end to end: the simulator's other channel sells SKU-1 while SKU-2 sits still; the worker
/// learns the pace from the delta feed, and once OCI is out an offline order leaves the other
/// channels their expected share, through a restart too.
/// </summary>
public sealed class OfflineHeadroomTests : WorkerTestBase
{
    protected override InventorySeed Seed => WorkerTestHost.Seed(100_000, "SKU-1", "SKU-2");

    private async Task<JsonElement> AvailabilityAsync(string sku) => await Worker.GetJsonAsync($"/api/availability/{WorkerTestHost.List}/{sku}");

    private async Task<HttpResponseMessage> OrderAllAsync(string orderNo, string sku)
    {
        var cached = await AvailabilityAsync(sku);
        return await Worker.PostOrderAsync(orderNo, (sku, cached.GetProperty("ato").GetDecimal() - cached.GetProperty("held").GetDecimal()));
    }

    [Test]
    public async Task Offline_an_order_for_every_cached_unit_of_a_selling_SKU_is_refused_and_the_headroom_survives_a_restart()
    {
        await StartWorkerAsync();
        Simulator.Channel.Set(new ChannelSettings([new ChannelRule(WorkerTestHost.List, null, "SKU-1", PerMinute: 3000)], Seed: 3));
        await WorkerTestHost.WaitUntilAsync(async () => (await AvailabilityAsync("SKU-1")).GetProperty("pacePerHour").GetDouble() > 0,
            "the worker has seen the other channel sell SKU-1");
        await Task.Delay(TimeSpan.FromSeconds(1)); // a little more evidence

        await Worker.CutOciAsync(Simulator); // the other channel goes on selling
        await Task.Delay(TimeSpan.FromSeconds(2));
        var selling = await AvailabilityAsync("SKU-1");
        var still = await AvailabilityAsync("SKU-2");
        using var everyUnit = await OrderAllAsync("all-of-sku-1", "SKU-1");
        var refusal = await everyUnit.Content.ReadFromJsonAsync<JsonElement>();
        using var idle = await OrderAllAsync("all-of-sku-2", "SKU-2");
        var page = await Worker.Http.GetStringAsync("/");

        await Worker.DisposeAsync();
        Worker = await WorkerTestHost.StartAsync(Simulator, Folder); // restarted during the outage
        await WorkerTestHost.WaitUntilAsync(async () => await Worker.OciStateAsync() == "offline", "the restarted worker knows OCI is out");
        var afterRestart = await AvailabilityAsync("SKU-1");
        using var stillRefused = await OrderAllAsync("all-after-restart", "SKU-1");

        Assert.Multiple(() =>
        {
            Assert.That(selling.GetProperty("offlineHeadroom").GetDecimal(), Is.GreaterThan(0m));
            Assert.That(selling.GetProperty("offlineEffectiveAto").GetDecimal(),
                Is.EqualTo(selling.GetProperty("ato").GetDecimal() - selling.GetProperty("held").GetDecimal() - selling.GetProperty("offlineHeadroom").GetDecimal()));
            Assert.That(everyUnit.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "every cached unit of a selling SKU is more than is left for us");
            Assert.That(refusal.GetProperty("lines")[0].GetProperty("available").GetDecimal(), Is.LessThan(selling.GetProperty("ato").GetDecimal()));
            Assert.That((still.GetProperty("pacePerHour").GetDouble(), still.GetProperty("offlineHeadroom").GetDecimal()), Is.EqualTo((0.0, 0m)));
            Assert.That(idle.StatusCode, Is.EqualTo(HttpStatusCode.Created), "a SKU nobody else sells keeps every unit");
            Assert.That(page, Does.Contain("data-headroom=\"SKU-1\""), "the status page lists the selling SKU's headroom");
            Assert.That(afterRestart.GetProperty("pacePerHour").GetDouble(), Is.EqualTo(selling.GetProperty("pacePerHour").GetDouble()).Within(0.01));
            Assert.That(afterRestart.GetProperty("offlineHeadroom").GetDecimal(), Is.GreaterThanOrEqualTo(selling.GetProperty("offlineHeadroom").GetDecimal()),
                "the outage is longer now, the headroom no smaller");
            Assert.That(stillRefused.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        });
    }

    [Test]
    public async Task With_headroom_Off_the_same_order_is_accepted_as_before()
    {
        await StartWorkerAsync(new Dictionary<string, string> { ["Capture:OfflineHeadroom:Mode"] = "Off" });
        Simulator.Channel.Set(new ChannelSettings([new ChannelRule(WorkerTestHost.List, null, "SKU-1", PerMinute: 3000)], Seed: 3));
        await WorkerTestHost.WaitUntilAsync(async () => (await AvailabilityAsync("SKU-1")).GetProperty("pacePerHour").GetDouble() > 0,
            "the worker has seen the other channel sell SKU-1");

        await Worker.CutOciAsync(Simulator);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var selling = await AvailabilityAsync("SKU-1");
        using var everyUnit = await OrderAllAsync("all-of-sku-1", "SKU-1");

        Assert.Multiple(() =>
        {
            Assert.That(selling.GetProperty("offlineHeadroom").GetDecimal(), Is.Zero);
            Assert.That(everyUnit.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        });
    }
}
