using OrderCapture.Worker.Cli;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Cli;

/// <summary>The CLI as an operator types it: typos are refused, not taken as settings; wildcard Urls work; the demo asks before deleting.</summary>
public sealed class CliHygieneTests : WorkerTestBase
{
    [Test]
    public async Task A_mistyped_option_is_refused_with_a_suggestion_and_nothing_is_merged()
    {
        var work = Directory.CreateDirectory(Path.Combine(Folder, "impex", "src", "continuous_order_capture", "work")).FullName;
        await File.WriteAllTextAsync(Path.Combine(work, "offline_MySite_20260201_120000_o1.json"),
            """{"orderNo":"o1","site":"MySite","capturedAt":"2026-02-01T12:00:00Z","reservationId":"oc-1","attempts":0,"lines":[]}""");

        var (exitCode, output) = await CliProcess.RunAsync(Folder, ["merge", "--dat", "20260202", .. WorkerTestHost.SettingsArgs(Simulator, Folder)]);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.Usage));
            Assert.That(output, Does.Contain("'--dat'").And.Contain("Did you mean '--date'?"));
            Assert.That(Directory.GetFiles(work), Has.Length.EqualTo(1), "the work file of another date is not merged");
            Assert.That(Directory.GetFiles(Path.GetDirectoryName(work)!, "*.json"), Is.Empty, "no daily file written");
        });
    }

    [Test]
    public async Task An_unreadable_report_file_is_a_check_finding_then_quarantined_by_merge_and_still_a_finding()
    {
        var work = Directory.CreateDirectory(Path.Combine(Folder, "impex", "src", "continuous_order_capture", "work")).FullName;
        await File.WriteAllTextAsync(Path.Combine(work, "offline_MySite_20260201_120000_cut.json"), "{\"orderNo\":\"cut\",\"si");
        string[] settings = [.. WorkerTestHost.SettingsArgs(Simulator, Folder)];

        var before = await CliProcess.RunAsync(Folder, ["check", "--raw", .. settings]);
        var merge = await CliProcess.RunAsync(Folder, ["merge", .. settings]);
        var after = await CliProcess.RunAsync(Folder, ["check", "--raw", .. settings]);

        Assert.Multiple(() =>
        {
            Assert.That(before.ExitCode, Is.EqualTo(ExitCodes.Findings), before.Output);
            Assert.That(before.Output, Does.Contain("unreadable_report").And.Contain("offline_MySite_20260201_120000_cut.json"), "check reports it instead of crashing");
            Assert.That(merge.ExitCode, Is.EqualTo(ExitCodes.Ok), merge.Output);
            Assert.That(after.ExitCode, Is.EqualTo(ExitCodes.Findings));
            Assert.That(after.Output, Does.Contain("quarantined_report").And.Not.Contain("unreadable_report"));
        });
    }

    [Test]
    public async Task A_service_listening_on_every_address_is_found_by_the_CLI_on_the_loopback()
    {
        await StartWorkerAsync(new Dictionary<string, string> { ["Urls"] = "http://0.0.0.0:0" });
        var port = Worker.Host.BaseUrl.Port;

        var (exitCode, output) = await CliProcess.RunAsync(Folder, ["status", .. WorkerTestHost.SettingsArgs(Simulator, Folder, new Dictionary<string, string> { ["Urls"] = $"http://0.0.0.0:{port}" })]);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.Ok), output);
            Assert.That(output, Does.Contain("online"));
            Assert.That(OrderCapture.Worker.Hosting.ListenAddresses.Loopback("http://*:5080"), Is.EqualTo("http://127.0.0.1:5080"));
            Assert.That(OrderCapture.Worker.Hosting.ListenAddresses.Loopback("https://[::]:8443/"), Is.EqualTo("https://127.0.0.1:8443/"));
            Assert.That(OrderCapture.Worker.Hosting.ListenAddresses.Loopback("http://10.1.2.3:5080"), Is.EqualTo("http://10.1.2.3:5080"), "a named address is left alone");
        });
    }

    [Test]
    public async Task The_demo_refuses_a_reports_folder_that_is_not_empty_unless_forced()
    {
        var impex = Path.Combine(Folder, "their-share");
        var reports = Directory.CreateDirectory(Path.Combine(impex, "src", "continuous_order_capture")).FullName;
        var theirs = Path.Combine(reports, "20260101_reserved_MySite.json");
        await File.WriteAllTextAsync(theirs, "{}");

        var refused = await CliProcess.RunAsync(Folder, ["demo", "--output", Path.Combine(Folder, "demo"), "--impex-root", impex]);
        var stillThere = File.Exists(theirs);
        var forced = await CliProcess.RunAsync(Folder, ["demo", "--output", Path.Combine(Folder, "demo"), "--impex-root", impex, "--force"]);

        Assert.Multiple(() =>
        {
            Assert.That(refused.ExitCode, Is.EqualTo(ExitCodes.Usage));
            Assert.That(refused.Output, Does.Contain("is not empty").And.Contain("--force"));
            Assert.That(stillThere, Is.True, "nothing deleted without --force");
            Assert.That(forced.ExitCode, Is.EqualTo(ExitCodes.Ok), forced.Output);
            Assert.That(File.Exists(theirs), Is.False);
            Assert.That(forced.Output, Does.Not.Contain("\u001b["), "redirected output is plain");
        });
    }
}
