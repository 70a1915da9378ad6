using System.Net.Http.Json;
using System.Text.Json;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Cli;

/// <summary><c>ordercapture purge</c> and <c>POST /api/purge</c>: daily files past <c>Retention:DailyFiles</c> go, the rest stay.</summary>
public sealed class PurgeVerbTests : WorkerTestBase
{
    private string Reports => Path.Combine(Folder, "impex", "src", "continuous_order_capture");

    private (string Old, string Recent, string Quarantined, string Work) WriteReports()
    {
        Directory.CreateDirectory(Path.Combine(Reports, "quarantine"));
        Directory.CreateDirectory(Path.Combine(Reports, "work"));
        var old = Path.Combine(Reports, $"{TimeProvider.System.GetUtcNow().AddDays(-100):yyyyMMdd}_reserved_MySite.json");
        var recent = Path.Combine(Reports, $"{TimeProvider.System.GetUtcNow().AddDays(-2):yyyyMMdd}_reserved_MySite.json");
        var quarantined = Path.Combine(Reports, "quarantine", $"{TimeProvider.System.GetUtcNow().AddDays(-100):yyyyMMdd}_offline_MySite.json");
        var work = Path.Combine(Reports, "work", $"offline_MySite_{TimeProvider.System.GetUtcNow().AddDays(-100):yyyyMMdd}_120000_w1.json");
        foreach (var path in new[] { old, recent, quarantined, work })
        {
            File.WriteAllText(path, "{}");
        }

        return (old, recent, quarantined, work);
    }

    [Test]
    public async Task Purge_in_process_removes_daily_files_past_the_window_and_nothing_else()
    {
        var (old, recent, quarantined, work) = WriteReports();

        var (exit, output) = await CliProcess.RunAsync(Folder, ["purge", "--url", "http://127.0.0.1:9", .. WorkerTestHost.SettingsArgs(Simulator, Folder)]);

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.Zero, output);
            Assert.That(output, Does.Contain("1 daily file(s)"));
            Assert.That(File.Exists(old), Is.False);
            Assert.That(new[] { recent, quarantined, work }.All(File.Exists), Is.True, "recent daily files, the quarantine and work files stay");
        });
    }

    [Test]
    public async Task Purge_through_the_service_answers_what_it_removed()
    {
        await StartWorkerAsync(new Dictionary<string, string> { ["Retention:DailyFiles"] = "30.00:00:00" });
        var (old, recent, _, _) = WriteReports();

        using var response = await Worker.Http.PostAsync("/api/purge", null);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Multiple(() =>
        {
            Assert.That(answer.GetProperty("dailyFiles").GetInt32(), Is.EqualTo(1));
            Assert.That((File.Exists(old), File.Exists(recent)), Is.EqualTo((false, true)));
        });
    }
}
