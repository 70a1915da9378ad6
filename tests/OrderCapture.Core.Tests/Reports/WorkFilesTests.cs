using Microsoft.Extensions.Options;
using OrderCapture.Core.Reports;
using OrderCapture.Core.Sites;

namespace OrderCapture.Core.Tests.Reports;

public sealed class WorkFilesTests
{
    private static readonly WorkFiles Files = new(new SiteCatalog(Options.Create(new OrderCaptureOptions
    {
        ApiKey = "0123456789abcdef",
        Sites =
        [
            new SiteOptions { Id = "MySite", InventoryListId = "MySiteInventory" },
            new SiteOptions { Id = "NewYork", InventoryListId = "MySiteInventory", TimeZone = "America/New_York" },
        ],
    })));

    [Test]
    public void A_work_file_name_follows_the_IMPEX_convention() =>
        Assert.That(
            Files.RelativePath(ReportKind.Offline, "MySite", "0000012345", new DateTimeOffset(2026, 2, 2, 12, 0, 0, TimeSpan.Zero)),
            Is.EqualTo("work/offline_MySite_20260202_120000_0000012345.json"));

    [TestCase("offline_MySite_20260202_120000_1.json", ReportKind.Offline)]
    [TestCase("reserved_My_Site_20260202_120000_1.json", ReportKind.Reserved)]
    [TestCase("oversold_MySite_20260202_120000_1.json", ReportKind.Oversold)]
    [TestCase("notes.json", null)]
    [TestCase("offlineMySite.json", null)]
    [TestCase(".tmp-3f2a", null)]
    public void The_kind_of_a_work_file_is_read_from_its_prefix_and_nothing_else_is_a_work_file(string name, ReportKind? kind) =>
        Assert.That(WorkFiles.KindOf(name), Is.EqualTo(kind));

    [Test]
    public void A_site_in_another_time_zone_names_files_by_its_local_time()
    {
        // 03:30 UTC on 3 Feb is 22:30 on 2 Feb in New York.
        var at = new DateTimeOffset(2026, 2, 3, 3, 30, 0, TimeSpan.Zero);

        Assert.That(Files.RelativePath(ReportKind.Oversold, "NewYork", "7", at), Is.EqualTo("work/oversold_NewYork_20260202_223000_7.json"));
    }
}
