using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrderCapture.Core.Checks;
using OrderCapture.OciSimulator.State;
using OrderCapture.Testing;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.ScaleOut;

/// <summary>
/// Two instances on one PostgreSQL database writing into one instance's WebDAV share: no shared
/// mount anywhere, and merges started on both at once, while orders keep arriving, put every
/// order in its daily file once.
/// </summary>
public sealed class OneWebDavShareTests : PostgresInstancesTestBase
{
    private NginxWebDav _share = null!;

    protected override InventorySeed Seed => WorkerTestHost.Seed(1000);

    [SetUp]
    public async Task StartShareAsync() => _share = await NginxWebDav.StartAsync(Path.Combine(Folder, "nginx"));

    [TearDown]
    public async Task StopShareAsync() => await _share.DisposeAsync();

    private Dictionary<string, string> WebDav() => new(ImpexShares.WebDavSettings(_share.Url))
    {
        ["OrderCapture:ImpexRoot"] = "/nonexistent/no-mount-here",
    };

    [Test]
    public async Task Merges_started_on_two_instances_at_once_into_one_WebDAV_share_put_every_order_in_its_daily_file_once()
    {
        var one = await StartInstanceAsync("one", WebDav());
        var two = await StartInstanceAsync("two", WebDav());
        await one.WaitForCacheAsync();
        await two.WaitForCacheAsync();
        await one.CutOciAsync(Simulator);
        await WorkerTestHost.WaitUntilAsync(async () => await two.OciStateAsync() == "offline", "both instances see OCI down");

        const int orders = 120;
        async Task PostAsync(int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                using var response = await (i % 2 == 0 ? one : two).PostOrderAsync($"shared-{i:D3}", ("SKU-1", 1));
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            }
        }

        await PostAsync(0, 40);
        var posting = PostAsync(40, orders);
        var merging = Enumerable.Range(0, 6).Select(async i =>
        {
            await Task.Delay(i * 100);
            using var response = await (i % 2 == 0 ? one : two).Http.PostAsJsonAsync("/api/merge", new { });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }).ToList();
        await posting;
        await Task.WhenAll(merging);
        await WorkerTestHost.WaitUntilAsync(async () => await one.Store.PendingOutboxCountAsync(CancellationToken.None) == 0, "every work file is on the share", seconds: 30);
        using (var last = await one.Http.PostAsJsonAsync("/api/merge", new { }))
        {
            Assert.That(last.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var daily = Directory.GetFiles(_share.ReportsFolder, "*_offline_MySite*.json")
            .SelectMany(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("orderNo").GetString()))
            .ToList();
        var findings = await two.Host.App.Services.GetRequiredService<ConsistencyChecker>().CheckAsync(CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(daily, Has.Count.EqualTo(orders).And.Unique);
            Assert.That(Directory.GetFiles(Path.Combine(_share.ReportsFolder, "work")), Is.Empty);
            Assert.That(findings, Is.Empty);
        });
    }
}
