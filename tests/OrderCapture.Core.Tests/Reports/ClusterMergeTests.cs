using System.IO.Abstractions;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Reports;
using OrderCapture.Core.Reports.Share;
using OrderCapture.Core.Sites;
using OrderCapture.Core.Storage;
using OrderCapture.Core.Tests.Support;

namespace OrderCapture.Core.Tests.Reports;

/// <summary>Two instances merging the same share at once, each through its own PostgreSQL store: every order in its daily file once.</summary>
public sealed class ClusterMergeTests
{
    [Test]
    public async Task Merges_started_on_two_instances_at_once_put_every_order_in_its_daily_file_once()
    {
        await using var temp = await TempStore.CreateAsync(StorageProvider.Postgres);
        var other = temp.OpenAnother();
        var options = Options.Create(new OrderCaptureOptions
        {
            ApiKey = "0123456789abcdef",
            ImpexRoot = Path.Combine(temp.Folder, "impex"),
            Sites = [new SiteOptions { Id = "MySite", InventoryListId = "MySiteInventory" }],
        });
        var sites = new SiteCatalog(options);
        var impex = new FolderImpexShare(new FileSystem(), options);
        var files = new WorkFiles(sites);
        var at = new DateTimeOffset(2026, 2, 2, 12, 0, 0, TimeSpan.Zero);
        const int orders = 400;

        async Task WriteAsync(int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                var order = new Order("MySite", $"m{i:D4}", OrderStatus.CompletelyReserved, at, [new OrderLine("SKU-1", "MySiteInventory", PlaceType.Group, 1, 1)], 1, at.AddSeconds(i));
                var message = files.Message(ReportKind.Reserved, order, at.AddSeconds(i), WorkFiles.Document(order, "CompletelyReserved"));
                await impex.WriteAsync(message.Target, message.Payload, CancellationToken.None);
            }
        }

        var one = new DailyMerge(impex, Options.Create(new ImpexOptions()), sites, TestMetrics.Create(), new RecordingAlerts(), temp.Store, TimeProvider.System);
        var two = new DailyMerge(impex, Options.Create(new ImpexOptions()), sites, TestMetrics.Create(), new RecordingAlerts(), other, TimeProvider.System);

        // Work files keep arriving while both instances merge, again and again.
        await WriteAsync(0, 100);
        var writer = WriteAsync(100, orders);
        var merging = Enumerable.Range(0, 6).Select(i => (i % 2 == 0 ? one : two).MergeAsync(null, null, null, CancellationToken.None)).ToList();
        await writer;
        await Task.WhenAll(merging);
        await one.MergeAsync(null, null, null, CancellationToken.None);

        var daily = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(impex.ReportsFolder, "20260202_reserved_MySite.json")))
            .RootElement.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("orderNo").GetString()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(daily, Has.Count.EqualTo(orders));
            Assert.That(daily, Is.Unique);
            Assert.That(Directory.GetFiles(Path.Combine(impex.ReportsFolder, "work")), Is.Empty);
        });
        await ((IAsyncDisposable)other).DisposeAsync();
    }
}
