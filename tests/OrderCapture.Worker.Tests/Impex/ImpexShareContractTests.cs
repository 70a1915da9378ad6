using System.Text;
using OrderCapture.Core.Reports.Share;
using OrderCapture.Testing;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Impex;

/// <summary>
/// What every share promises its callers (merge, outbox, check, purge, doctor, demo), held to the
/// folder and to a real WebDAV server (nginx) alike: no caller can tell which one it has.
/// </summary>
[TestFixture(ImpexTarget.Folder)]
[TestFixture(ImpexTarget.WebDav)]
public sealed class ImpexShareContractTests(ImpexTarget target)
{
    private string _folder = null!;
    private NginxWebDav? _nginx;
    private ImpexShares _shares = null!;

    private IImpexShare Share => _shares.Share;

    /// <summary>The reports folder as someone reading the share sees it (the server's disk for WebDAV).</summary>
    private string ReportsOnDisk => _nginx?.ReportsFolder ?? Path.Combine(_folder, "impex", "src", "continuous_order_capture");

    [SetUp]
    public async Task StartAsync()
    {
        _folder = WorkerTestHost.NewFolder();
        if (target == ImpexTarget.WebDav)
        {
            _nginx = await NginxWebDav.StartAsync(Path.Combine(_folder, "nginx"));
            _shares = ImpexShares.Create(ImpexShares.WebDavSettings(_nginx.Url), _folder);
        }
        else
        {
            _shares = ImpexShares.Create(new Dictionary<string, string>(), _folder);
        }
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _shares.DisposeAsync();
        if (_nginx is not null)
        {
            await _nginx.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task A_written_file_is_listed_read_back_whole_and_deleted()
    {
        var content = "{\"orderNo\":\"o1\",\"note\":\"" + new string('x', 100_000) + "\"}";
        await Share.WriteAsync("work/offline_MySite_20260202_120000_o1.json", content, CancellationToken.None);

        var listed = await Share.ListAsync(ImpexPath.Work, CancellationToken.None);
        await using var read = await Share.OpenReadAsync("work/offline_MySite_20260202_120000_o1.json", CancellationToken.None);
        using var reader = new StreamReader(read!, Encoding.UTF8);
        Assert.Multiple(async () =>
        {
            Assert.That(listed.Select(f => (f.Name, f.Length)), Is.EqualTo(new[] { ("offline_MySite_20260202_120000_o1.json", (long)Encoding.UTF8.GetByteCount(content)) }));
            Assert.That(await reader.ReadToEndAsync(), Is.EqualTo(content));
            Assert.That(File.ReadAllText(Path.Combine(ReportsOnDisk, "work", "offline_MySite_20260202_120000_o1.json")), Is.EqualTo(content), "the file is on the share itself");
        });

        await Share.DeleteAsync("work/offline_MySite_20260202_120000_o1.json", CancellationToken.None);
        await Share.DeleteAsync("work/offline_MySite_20260202_120000_o1.json", CancellationToken.None); // gone already: no error
        Assert.Multiple(async () =>
        {
            Assert.That(await Share.ListAsync(ImpexPath.Work, CancellationToken.None), Is.Empty);
            Assert.That(await Share.OpenReadAsync("work/offline_MySite_20260202_120000_o1.json", CancellationToken.None), Is.Null);
        });
    }

    [Test]
    public async Task A_file_written_again_is_replaced_whole_and_no_temp_file_is_left()
    {
        await Share.WriteAsync("20260202_offline_MySite.json", new string('a', 50_000), CancellationToken.None);
        await Share.WriteAsync("20260202_offline_MySite.json", "short", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(Path.Combine(ReportsOnDisk, "20260202_offline_MySite.json")), Is.EqualTo("short"));
            Assert.That(Directory.GetFiles(ReportsOnDisk).Select(Path.GetFileName), Is.EqualTo(new[] { "20260202_offline_MySite.json" }), "no temp file stays behind");
        });
    }

    [Test]
    public async Task Many_files_written_at_once_each_arrive_once()
    {
        var files = Enumerable.Range(0, 200).Select(i => ($"work/reserved_MySite_20260202_120000_o{i:D3}.json", $"{{\"n\":{i}}}")).ToList();

        var errors = await Share.WriteBatchAsync(files, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(errors, Has.All.Null);
            Assert.That((await Share.ListAsync(ImpexPath.Work, CancellationToken.None)).Select(f => f.Name).Order(), Is.EqualTo(files.Select(f => f.Item1[5..]).Order()));
        });
    }

    [Test]
    public async Task Listing_a_folder_that_does_not_exist_is_empty_not_an_error() =>
        Assert.That(await Share.ListAsync(ImpexPath.Quarantine, CancellationToken.None), Is.Empty);

    [Test]
    public async Task A_quarantined_file_keeps_its_name_and_a_second_one_of_that_name_is_numbered()
    {
        await Share.WriteAsync("work/bad.json", "{", CancellationToken.None);
        await Share.QuarantineAsync("work/bad.json", CancellationToken.None);
        await Share.WriteAsync("work/bad.json", "{{", CancellationToken.None);
        await Share.QuarantineAsync("work/bad.json", CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That((await Share.ListAsync(ImpexPath.Quarantine, CancellationToken.None)).Select(f => f.Name).Order(), Is.EqualTo(new[] { "bad.json", "bad.json.1" }));
            Assert.That(await Share.ListAsync(ImpexPath.Work, CancellationToken.None), Is.Empty);
        });
    }

    [TestCase("../../etc/passwd")]
    [TestCase("work/../../x.json")]
    [TestCase("other/x.json")]
    [TestCase("/abs.json")]
    [TestCase("work/a b.json")]
    public void A_path_outside_the_reports_folder_is_refused_before_it_reaches_the_share(string path) =>
        Assert.That(async () => await Share.WriteAsync(path, "{}", CancellationToken.None), Throws.InstanceOf<InvalidOperationException>());

    [Test]
    public async Task A_folder_deleted_by_hand_is_made_again_by_the_next_write()
    {
        await Share.WriteAsync("work/a.json", "{}", CancellationToken.None);
        Directory.Delete(Path.Combine(ReportsOnDisk, "work"), recursive: true);

        await Share.WriteAsync("work/b.json", "{}", CancellationToken.None);

        Assert.That((await Share.ListAsync(ImpexPath.Work, CancellationToken.None)).Select(f => f.Name), Is.EqualTo(new[] { "b.json" }));
    }

    [Test]
    public async Task Temp_files_a_crash_left_are_removed_once_old_and_nothing_else_is()
    {
        var work = Directory.CreateDirectory(Path.Combine(ReportsOnDisk, "work")).FullName;
        // Each share's own temp naming: a folder hides them behind a dot; WebDAV servers hide dot files from listings.
        var temp = target == ImpexTarget.Folder ? ".tmp-abandoned" : "tmp-abandoned.partial";
        var fresh = target == ImpexTarget.Folder ? ".tmp-in-flight" : "tmp-in-flight.partial";
        foreach (var name in new[] { temp, fresh, "offline_MySite_20260202_120000_o1.json" })
        {
            File.WriteAllText(Path.Combine(work, name), "{}");
        }

        File.SetLastWriteTimeUtc(Path.Combine(work, temp), DateTime.UtcNow.AddHours(-1));
        File.SetLastWriteTimeUtc(Path.Combine(work, "offline_MySite_20260202_120000_o1.json"), DateTime.UtcNow.AddHours(-1));

        var removed = await Share.RemoveAbandonedTempFilesAsync(DateTimeOffset.UtcNow.AddMinutes(-10), CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(removed, Is.EqualTo(1));
            Assert.That(Directory.GetFiles(work).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { fresh, "offline_MySite_20260202_120000_o1.json" }.Order()));
            Assert.That((await Share.ListAsync(ImpexPath.Work, CancellationToken.None)).Select(f => f.Name), Is.EqualTo(new[] { "offline_MySite_20260202_120000_o1.json" }), "temp files are never listed");
        });
    }
}
