using OrderCapture.Core.Storage;
using System.IO.Abstractions;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Reports;
using OrderCapture.Core.Reports.Share;
using OrderCapture.Core.Sites;

namespace OrderCapture.Core.Tests.Reports;

public sealed class DailyMergeTests
{
    private string _root = null!;
    private FolderImpexShare _impex = null!;
    private WorkFiles _files = null!;
    private DailyMerge _merge = null!;
    private Support.RecordingAlerts _alerts = null!;

    [SetUp]
    public void Create()
    {
        _root = Directory.CreateTempSubdirectory("ordercapture-merge-").FullName;
        var options = Options.Create(new OrderCaptureOptions
        {
            ApiKey = "0123456789abcdef",
            ImpexRoot = _root,
            Sites =
            [
                new SiteOptions { Id = "MySite", InventoryListId = "MySiteInventory" },
                new SiteOptions { Id = "My_Site_2", InventoryListId = "MySiteInventory" },
                new SiteOptions { Id = "NewYork", InventoryListId = "MySiteInventory", TimeZone = "America/New_York" },
            ],
        });
        var sites = new SiteCatalog(options);
        _impex = new FolderImpexShare(new FileSystem(), options);
        _files = new WorkFiles(sites);
        _alerts = new Support.RecordingAlerts();
        _merge = new DailyMerge(_impex, Options.Create(new ImpexOptions()), sites, Support.TestMetrics.Create(), _alerts, new ProcessClusterLock(), TimeProvider.System);
    }

    [TearDown]
    public void Delete()
    {
        Directory.Delete(_root, recursive: true);
    }

    private async Task WriteWorkFileAsync(ReportKind kind, string site, string orderNo, DateTimeOffset at)
    {
        var order = new Order(site, orderNo, OrderStatus.CompletelyReserved, at.AddMinutes(-30), [new OrderLine("SKU-1", "MySiteInventory", PlaceType.Group, 1, 1)], 1, at);
        var message = _files.Message(kind, order, at, WorkFiles.Document(order, kind == ReportKind.Offline ? null : "CompletelyReserved"));
        await _impex.WriteAsync(message.Target, message.Payload, CancellationToken.None);
    }

    private string Daily(string name) => Path.Combine(_impex.ReportsFolder, name);

    private static string[] OrderNos(string dailyPath) =>
        [.. JsonDocument.Parse(File.ReadAllText(dailyPath)).RootElement.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("orderNo").GetString()!)];

    [Test]
    public async Task A_truncated_report_file_is_quarantined_with_an_alert_and_the_rest_is_merged()
    {
        var noon = new DateTimeOffset(2026, 2, 2, 12, 0, 0, TimeSpan.Zero);
        await WriteWorkFileAsync(ReportKind.Reserved, "MySite", "good", noon);
        await WriteWorkFileAsync(ReportKind.Oversold, "MySite", "other-group", noon);
        var truncated = Path.Combine(_impex.ReportsFolder, "work", "reserved_MySite_20260202_120500_partial.json");
        await File.WriteAllTextAsync(truncated, "{\"orderNo\":\"partial\",\"site\":\"MySi");
        await File.WriteAllTextAsync(Daily("20260203_oversold_MySite.json"), "not json at all");
        await WriteWorkFileAsync(ReportKind.Oversold, "MySite", "next-day", noon.AddDays(1));

        var result = await _merge.MergeAsync(null, null, null, CancellationToken.None);

        var quarantine = Path.Combine(_impex.ReportsFolder, "quarantine");
        Assert.Multiple(() =>
        {
            Assert.That(OrderNos(Daily("20260202_reserved_MySite.json")), Is.EqualTo(new[] { "good" }), "the readable file of the same group is merged");
            Assert.That(OrderNos(Daily("20260202_oversold_MySite.json")), Is.EqualTo(new[] { "other-group" }), "other groups are merged");
            Assert.That(OrderNos(Daily("20260203_oversold_MySite.json")), Is.EqualTo(new[] { "next-day" }), "a new daily file replaces the unreadable one");
            Assert.That(Directory.GetFiles(quarantine).Select(Path.GetFileName), Is.EquivalentTo(new[] { "reserved_MySite_20260202_120500_partial.json", "20260203_oversold_MySite.json" }));
            Assert.That(File.Exists(truncated), Is.False, "moved, not copied: the next merge does not trip on it");
            Assert.That(_alerts.Raised.Where(a => a.Kind == "report_quarantined").Select(a => a.Severity), Is.EqualTo(new[] { OrderCapture.Core.Storage.AlertSeverity.Critical, OrderCapture.Core.Storage.AlertSeverity.Critical }));
            Assert.That(result.WorkFilesMerged, Is.EqualTo(3));
            Assert.That(Directory.GetFiles(Path.Combine(_impex.ReportsFolder, "work")), Is.Empty);
        });
    }

    [Test]
    public async Task Work_files_fold_into_one_daily_file_per_site_date_and_kind_in_time_order()
    {
        var noon = new DateTimeOffset(2026, 2, 2, 12, 0, 0, TimeSpan.Zero);
        await WriteWorkFileAsync(ReportKind.Reserved, "MySite", "B", noon.AddMinutes(1));
        await WriteWorkFileAsync(ReportKind.Reserved, "MySite", "A", noon.AddMinutes(1));
        await WriteWorkFileAsync(ReportKind.Reserved, "MySite", "C", noon);
        await WriteWorkFileAsync(ReportKind.Oversold, "My_Site_2", "D", noon);

        var result = await _merge.MergeAsync(null, null, null, CancellationToken.None);

        var daily = JsonDocument.Parse(await File.ReadAllTextAsync(Daily("20260202_reserved_MySite.json"))).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(result.WorkFilesMerged, Is.EqualTo(4));
            Assert.That(result.DailyFiles, Is.EquivalentTo(new[] { "20260202_reserved_MySite.json", "20260202_oversold_My_Site_2.json" }));
            Assert.That(OrderNos(Daily("20260202_reserved_MySite.json")), Is.EqualTo(new[] { "C", "A", "B" }), "by time, then order number");
            Assert.That((daily.GetProperty("site").GetString(), daily.GetProperty("date").GetString(), daily.GetProperty("kind").GetString()), Is.EqualTo(("MySite", "20260202", "reserved")));
            Assert.That(Directory.GetFiles(Path.Combine(_impex.ReportsFolder, "work")), Is.Empty, "merged work files are gone");
        });
    }

    [Test]
    public async Task Merging_again_after_a_crash_between_rename_and_delete_yields_the_same_daily_file()
    {
        var noon = new DateTimeOffset(2026, 2, 2, 12, 0, 0, TimeSpan.Zero);
        await WriteWorkFileAsync(ReportKind.Offline, "MySite", "1", noon);
        await WriteWorkFileAsync(ReportKind.Offline, "MySite", "2", noon);
        await _merge.MergeAsync(null, null, null, CancellationToken.None);
        var first = await File.ReadAllTextAsync(Daily("20260202_offline_MySite.json"));

        // The crash: the daily file was renamed into place, the work files were never deleted.
        await WriteWorkFileAsync(ReportKind.Offline, "MySite", "1", noon);
        await WriteWorkFileAsync(ReportKind.Offline, "MySite", "2", noon);
        await _merge.MergeAsync(null, null, null, CancellationToken.None);
        await _merge.MergeAsync(null, null, null, CancellationToken.None);

        Assert.That(await File.ReadAllTextAsync(Daily("20260202_offline_MySite.json")), Is.EqualTo(first));
    }

    [Test]
    public async Task A_later_merge_adds_new_orders_to_the_existing_daily_file_once_each()
    {
        var noon = new DateTimeOffset(2026, 2, 2, 12, 0, 0, TimeSpan.Zero);
        await WriteWorkFileAsync(ReportKind.Reserved, "MySite", "1", noon);
        await _merge.MergeAsync(null, null, null, CancellationToken.None);
        await WriteWorkFileAsync(ReportKind.Reserved, "MySite", "2", noon.AddHours(1));
        await WriteWorkFileAsync(ReportKind.Reserved, "MySite", "1", noon);

        await _merge.MergeAsync("20260202", "MySite", null, CancellationToken.None);

        Assert.That(OrderNos(Daily("20260202_reserved_MySite.json")), Is.EqualTo(new[] { "1", "2" }));
    }

    [Test]
    public async Task A_site_in_another_time_zone_lands_in_its_local_day_around_midnight()
    {
        // 04:59 UTC on 3 Feb is 23:59 on 2 Feb in New York; 05:01 UTC is 00:01 on 3 Feb.
        await WriteWorkFileAsync(ReportKind.Reserved, "NewYork", "late", new DateTimeOffset(2026, 2, 3, 4, 59, 0, TimeSpan.Zero));
        await WriteWorkFileAsync(ReportKind.Reserved, "NewYork", "early", new DateTimeOffset(2026, 2, 3, 5, 1, 0, TimeSpan.Zero));

        await _merge.MergeAsync(null, null, null, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(OrderNos(Daily("20260202_reserved_NewYork.json")), Is.EqualTo(new[] { "late" }));
            Assert.That(OrderNos(Daily("20260203_reserved_NewYork.json")), Is.EqualTo(new[] { "early" }));
        });
    }

    [Test]
    public async Task A_merge_limited_to_a_date_leaves_other_days_work_files_alone()
    {
        await WriteWorkFileAsync(ReportKind.Offline, "MySite", "x", new DateTimeOffset(2026, 2, 2, 12, 0, 0, TimeSpan.Zero));
        await WriteWorkFileAsync(ReportKind.Offline, "MySite", "y", new DateTimeOffset(2026, 2, 3, 12, 0, 0, TimeSpan.Zero));

        var result = await _merge.MergeAsync("20260203", null, null, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.DailyFiles, Is.EqualTo(new[] { "20260203_offline_MySite.json" }));
            Assert.That(Directory.GetFiles(Path.Combine(_impex.ReportsFolder, "work")).Select(Path.GetFileName), Has.One.StartsWith("offline_MySite_20260202"));
        });
    }

    [Test]
    public void A_report_path_cannot_escape_the_reports_folder() =>
        Assert.That(() => _impex.Resolve("../../etc/passwd"), Throws.InvalidOperationException);

    [Test]
    public async Task Temp_files_a_crash_left_are_removed_once_old_and_nothing_else_is()
    {
        var work = Directory.CreateDirectory(Path.Combine(_impex.ReportsFolder, WorkFiles.WorkFolder)).FullName;
        var abandoned = Path.Combine(work, ".tmp-abandoned");
        var inFlight = Path.Combine(work, ".tmp-in-flight");
        var report = Path.Combine(work, "offline_MySite_20260202_120000_o1.json");
        foreach (var file in new[] { abandoned, inFlight, report })
        {
            File.WriteAllText(file, "{}");
        }

        File.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow.AddHours(-1));
        File.SetLastWriteTimeUtc(report, DateTime.UtcNow.AddHours(-1));

        var removed = await _impex.RemoveAbandonedTempFilesAsync(DateTimeOffset.UtcNow.AddMinutes(-10), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(removed, Is.EqualTo(1));
            Assert.That(File.Exists(abandoned), Is.False);
            Assert.That(File.Exists(inFlight), Is.True, "a temp file being written now is left alone");
            Assert.That(File.Exists(report), Is.True);
        });
    }
}
