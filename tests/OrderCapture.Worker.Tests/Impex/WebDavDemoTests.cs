using OrderCapture.Testing;
using OrderCapture.Worker.Cli;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Impex;

/// <summary><c>ordercapture demo --impex webdav</c>: the main job, its reports landing on an instance's WebDAV share (nginx).</summary>
public sealed class WebDavDemoTests
{
    private string _folder = null!;
    private NginxWebDav _share = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _folder = WorkerTestHost.NewFolder();
        _share = await NginxWebDav.StartAsync(Path.Combine(_folder, "nginx"));
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _share.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The share's settings as a service would get them: environment variables.</summary>
    private Dictionary<string, string> Environment() =>
        ImpexShares.WebDavSettings(_share.Url).Where(kv => kv.Key != "OrderCapture:Impex:Target").ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value);

    [Test]
    public async Task The_demo_ends_with_the_three_daily_files_on_the_share_and_nothing_in_work()
    {
        var demo = await CliProcess.RunAsync(_folder, Environment(), "demo", "--output", Path.Combine(_folder, "demo"), "--impex", "webdav");

        Assert.Multiple(() =>
        {
            Assert.That(demo.ExitCode, Is.Zero, demo.Output);
            Assert.That(demo.Output, Does.Contain($"Reports go to {_share.Url}/src/continuous_order_capture").And.Contain("OCI agrees"));
            Assert.That(Directory.GetFiles(_share.ReportsFolder).Select(Path.GetFileName).Order(),
                Has.Exactly(3).Items.And.Some.Match(@"^\d{8}_offline_").And.Some.Match(@"^\d{8}_reserved_").And.Some.Match(@"^\d{8}_oversold_"));
            Assert.That(Directory.GetFiles(Path.Combine(_share.ReportsFolder, "work")), Is.Empty);
            Assert.That(Directory.Exists(Path.Combine(_folder, "demo", "impex")), Is.False, "nothing went to a local folder");
            Assert.That(demo.Output, Does.Not.Contain(NginxWebDav.AccessKey));
        });
    }

    [Test]
    public async Task A_share_with_reports_on_it_is_never_emptied_by_the_demo_without_force()
    {
        var first = await CliProcess.RunAsync(_folder, Environment(), "demo", "--output", Path.Combine(_folder, "demo"), "--impex", "webdav");
        var before = Directory.GetFiles(_share.ReportsFolder, "*", SearchOption.AllDirectories).Order().ToArray();

        var refused = await CliProcess.RunAsync(_folder, Environment(), "demo", "--output", Path.Combine(_folder, "demo"), "--impex", "webdav");
        var forced = await CliProcess.RunAsync(_folder, Environment(), "demo", "--output", Path.Combine(_folder, "demo"), "--impex", "webdav", "--force");

        Assert.Multiple(() =>
        {
            Assert.That(first.ExitCode, Is.Zero, first.Output);
            Assert.That(refused.ExitCode, Is.EqualTo(ExitCodes.Usage));
            Assert.That(refused.Output, Does.Contain("is not empty (3 report file(s))").And.Contain("--force"));
            Assert.That(forced.ExitCode, Is.Zero, forced.Output);
            Assert.That(Directory.GetFiles(_share.ReportsFolder).Length, Is.EqualTo(3), "the forced run starts empty and ends with its own three");
            Assert.That(before, Has.Length.EqualTo(3));
        });
    }
}
