using System.Diagnostics;
using System.IO.Abstractions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Reports;
using OrderCapture.Core.Reports.Share;
using OrderCapture.Core.Sites;
using OrderCapture.Impex;
using OrderCapture.Testing;

namespace OrderCapture.Bench;

/// <summary>
/// N work files (three kinds, two sites, two days) merged into daily files by <see cref="DailyMerge"/>.
/// Reference: reading the same files raw, in the same run. With <c>--target webdav</c> the same N
/// files are then merged again on a WebDAV share (a local nginx, over loopback) and both targets
/// are printed side by side. Peak RSS is the process's, reset before each target (Linux clear_refs).
/// </summary>
internal static class MergeScenario
{
    private static readonly string[] Sites = ["SiteA", "SiteB"];

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var count = args.Int("files", 100_000);
        var target = args.String("target", "folder");
        var root = Directory.CreateTempSubdirectory("ordercapture-bench-merge-").FullName;
        try
        {
            var options = Options.Create(new OrderCaptureOptions
            {
                OperatorKeys = ["bench-operator-key-0123456789"],
                ImpexRoot = Path.Combine(root, "impex"),
                Sites = [.. Sites.Select(s => new SiteOptions { Id = s, InventoryListId = "ListA" })],
            });
            var sites = new SiteCatalog(options);
            var folderShare = new FolderImpexShare(new FileSystem(), options);
            var rawBytes = await GenerateAsync(sites, folderShare.ReportsFolder, count);

            var rawClock = Stopwatch.StartNew();
            foreach (var path in Directory.EnumerateFiles(Path.Combine(folderShare.ReportsFolder, ImpexPath.Work), "*.json"))
            {
                _ = await File.ReadAllBytesAsync(path);
            }

            var rawSeconds = rawClock.Elapsed.TotalSeconds;
            var (folderSeconds, folderPeak, folderResult) = await MergeAsync(folderShare, sites);
            var rows = new List<(string, double, string)>
            {
                ("work_files", count, "files"),
                ("work_bytes_mb", rawBytes / 1048576.0, "MB"),
                ("reference_raw_read_seconds", rawSeconds, "s"),
                ("merge_seconds", folderSeconds, "s"),
                ("merge_vs_raw_read", folderSeconds / rawSeconds, "ratio"),
                ("merge_peak_rss_mb", folderPeak, "MB (since the merge started)"),
                ("daily_files_written", folderResult.DailyFilesWritten, "files"),
                ("work_files_left", Directory.GetFiles(Path.Combine(folderShare.ReportsFolder, ImpexPath.Work)).Length, "files"),
            };
            var merged = folderResult.WorkFilesMerged == count;

            if (target == "webdav")
            {
                await using var nginx = await NginxWebDav.StartAsync(Path.Combine(root, "nginx"));
                await GenerateAsync(sites, nginx.ReportsFolder, count);
                await using var services = WebDavServices(nginx, options.Value);
                var (webDavSeconds, webDavPeak, webDavResult) = await MergeAsync(services.GetRequiredService<IImpexShare>(), sites);
                rows.AddRange(
                [
                    ("webdav_merge_seconds", webDavSeconds, "s"),
                    ("webdav_vs_folder", webDavSeconds / folderSeconds, "ratio (target <= 2)"),
                    ("webdav_merge_peak_rss_mb", webDavPeak, "MB (since the merge started)"),
                    ("webdav_daily_files_written", webDavResult.DailyFilesWritten, "files"),
                    ("webdav_work_files_left", Directory.GetFiles(Path.Combine(nginx.ReportsFolder, ImpexPath.Work)).Length, "files"),
                ]);
                merged &= webDavResult.WorkFilesMerged == count;
            }

            BenchReport.Print("merge", rows);
            return merged ? 0 : 1;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Writes the work files straight into a reports folder (not measured: plain writes, no fsync); answers their bytes.</summary>
    private static async Task<long> GenerateAsync(SiteCatalog sites, string reportsFolder, int count)
    {
        var files = new WorkFiles(sites);
        Directory.CreateDirectory(Path.Combine(reportsFolder, ImpexPath.Work));
        var day = new DateTimeOffset(2026, 2, 2, 0, 0, 0, TimeSpan.Zero);
        long bytes = 0;
        for (var i = 0; i < count; i++)
        {
            var kind = (ReportKind)(i % 3);
            var at = day.AddSeconds(i * 172_800.0 / count);
            var order = new Order(Sites[i % 2], $"{i:D10}", OrderStatus.CompletelyReserved, at, [new OrderLine($"SKU-{i % 1000}", "ListA", PlaceType.Group, 1, 1)], 1, at);
            var message = files.Message(kind, order, at, WorkFiles.Document(order, kind == ReportKind.Offline ? null : "CompletelyReserved"));
            await File.WriteAllTextAsync(Path.Combine(reportsFolder, message.Target), message.Payload);
            bytes += message.Payload.Length;
        }

        return bytes;
    }

    private static async Task<(double Seconds, double PeakRssMb, MergeResult Result)> MergeAsync(IImpexShare share, SiteCatalog sites)
    {
        GC.Collect();
        ResetPeakRss();
        using var metrics = new OrderCapture.Core.Telemetry.OrderCaptureMetrics();
        var merge = new DailyMerge(share, Options.Create(new ImpexOptions()), sites, metrics, new NoAlerts(), new OrderCapture.Core.Storage.ProcessClusterLock(), TimeProvider.System);
        var clock = Stopwatch.StartNew();
        var result = await merge.MergeAsync(null, null, null, CancellationToken.None);
        var seconds = clock.Elapsed.TotalSeconds;
        return (seconds, PeakRssMb(), result);
    }

    /// <summary>The WebDAV share as the worker wires it (settings, handlers, pipeline), signing in with Basic.</summary>
    private static ServiceProvider WebDavServices(NginxWebDav nginx, OrderCaptureOptions options)
    {
        var settings = new Dictionary<string, string?>
        {
            ["OrderCapture:ImpexRoot"] = options.ImpexRoot,
            ["OrderCapture:OperatorKeys:0"] = options.OperatorKeys[0],
            ["OrderCapture:Sites:0:Id"] = Sites[0],
            ["OrderCapture:Sites:0:InventoryListId"] = "ListA",
            ["OrderCapture:Impex:Target"] = "WebDav",
            ["OrderCapture:Impex:WebDavUrl"] = nginx.Url.ToString(),
            ["OrderCapture:Impex:UserName"] = NginxWebDav.User,
            ["OrderCapture:Impex:AccessKey"] = NginxWebDav.AccessKey,
            ["Oci:BaseUrl"] = "http://127.0.0.1:9/",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        OrderCapture.Core.OrderCaptureServiceCollectionExtensions.AddOrderCaptureCore(services, configuration);
        OrderCapture.Oci.OciServiceCollectionExtensions.AddOciClient(services, o => o.BindConfiguration(OrderCapture.Core.Oci.OciOptions.SectionName));
        services.AddImpexShare(configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>Linux: writing 5 to clear_refs resets VmHWM, so each target's peak is its own.</summary>
    private static void ResetPeakRss()
    {
        if (OperatingSystem.IsLinux())
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
    }

    private static double PeakRssMb() => OperatingSystem.IsLinux()
        ? File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024).Single()
        : Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
}

/// <summary>The benchmark's files are all readable: nothing to alert.</summary>
internal sealed class NoAlerts : OrderCapture.Core.Alerts.IAlertSink
{
    public Task RaiseAsync(OrderCapture.Core.Storage.AlertSeverity severity, string kind, string message, string? site = null, string? orderNo = null, CancellationToken cancellationToken = default) =>
        Task.CompletedTask;
}
