using System.Diagnostics;
using System.IO.Abstractions;
using Microsoft.Extensions.Options;
using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Reports;
using OrderCapture.Core.Reports.Share;
using OrderCapture.Core.Sites;

namespace OrderCapture.Bench;

/// <summary>
/// N work files (three kinds, two sites, two days) merged into daily files by <see cref="DailyMerge"/>.
/// Reference: reading the same files raw, in the same run. Peak RSS is the process's.
/// </summary>
internal static class MergeScenario
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var count = args.Int("files", 100_000);
        var root = Directory.CreateTempSubdirectory("ordercapture-bench-merge-").FullName;
        try
        {
            var options = Options.Create(new OrderCaptureOptions
            {
                OperatorKeys = ["bench-operator-key-0123456789"],
                ImpexRoot = root,
                Sites = [new SiteOptions { Id = "SiteA", InventoryListId = "ListA" }, new SiteOptions { Id = "SiteB", InventoryListId = "ListA" }],
            });
            var sites = new SiteCatalog(options);
            var impex = new FolderImpexShare(new FileSystem(), options);
            var files = new WorkFiles(sites);
            var work = Path.Combine(impex.ReportsFolder, WorkFiles.WorkFolder);
            Directory.CreateDirectory(work);
            var day = new DateTimeOffset(2026, 2, 2, 0, 0, 0, TimeSpan.Zero);
            for (var i = 0; i < count; i++)
            {
                // Generation is not measured: plain writes, no fsync.
                var kind = (ReportKind)(i % 3);
                var at = day.AddSeconds(i * 172_800.0 / count);
                var order = new Order(i % 2 == 0 ? "SiteA" : "SiteB", $"{i:D10}", OrderStatus.CompletelyReserved, at, [new OrderLine($"SKU-{i % 1000}", "ListA", PlaceType.Group, 1, 1)], 1, at);
                var message = files.Message(kind, order, at, WorkFiles.Document(order, kind == ReportKind.Offline ? null : "CompletelyReserved"));
                await File.WriteAllTextAsync(Path.Combine(impex.ReportsFolder, message.Target), message.Payload);
            }

            var rawClock = Stopwatch.StartNew();
            long rawBytes = 0;
            foreach (var path in Directory.EnumerateFiles(work, "*.json"))
            {
                rawBytes += (await File.ReadAllBytesAsync(path)).Length;
            }

            var rawSeconds = rawClock.Elapsed.TotalSeconds;
            using var metrics = new OrderCapture.Core.Telemetry.OrderCaptureMetrics();
            var merge = new DailyMerge(impex, Options.Create(new ImpexOptions()), sites, metrics, new NoAlerts(), new OrderCapture.Core.Storage.ProcessClusterLock(), TimeProvider.System);
            var clock = Stopwatch.StartNew();
            var result = await merge.MergeAsync(null, null, null, CancellationToken.None);
            var seconds = clock.Elapsed.TotalSeconds;

            BenchReport.Print("merge", [
                ("work_files", count, "files"),
                ("work_bytes_mb", rawBytes / 1048576.0, "MB"),
                ("reference_raw_read_seconds", rawSeconds, "s"),
                ("merge_seconds", seconds, "s"),
                ("merge_vs_raw_read", seconds / rawSeconds, "ratio"),
                ("daily_files_written", result.DailyFilesWritten, "files"),
                ("work_files_left", Directory.GetFiles(work).Length, "files"),
            ]);
            return result.WorkFilesMerged == count ? 0 : 1;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}

/// <summary>The benchmark's files are all readable: nothing to alert.</summary>
internal sealed class NoAlerts : OrderCapture.Core.Alerts.IAlertSink
{
    public Task RaiseAsync(OrderCapture.Core.Storage.AlertSeverity severity, string kind, string message, string? site = null, string? orderNo = null, CancellationToken cancellationToken = default) =>
        Task.CompletedTask;
}
