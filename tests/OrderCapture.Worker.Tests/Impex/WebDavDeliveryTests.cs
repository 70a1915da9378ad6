using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrderCapture.Core.Alerts;
using OrderCapture.Core.Checks;
using OrderCapture.Core.Storage;
using OrderCapture.Testing;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Impex;

/// <summary>
/// The worker writing its reports into a B2C Commerce instance's IMPEX share over WebDAV (a real
/// nginx): offline orders arrive as work files, a merge leaves the daily files on the server, and
/// a share that vanishes or a rotated access key costs no order and no report.
/// </summary>
public sealed class WebDavDeliveryTests : WorkerTestBase
{
    private NginxWebDav _share = null!;

    protected override OciSimulator.State.InventorySeed Seed => WorkerTestHost.Seed(100);

    [SetUp]
    public async Task StartShareAsync() => _share = await NginxWebDav.StartAsync(Path.Combine(Folder, "nginx"));

    [TearDown]
    public async Task StopShareAsync() => await _share.DisposeAsync();

    private Dictionary<string, string> Settings(string accessKey = NginxWebDav.AccessKey) => new(ImpexShares.WebDavSettings(_share.Url, accessKey))
    {
        ["OrderCapture:Impex:RequestTimeout"] = "00:00:02",
        ["OrderCapture:Impex:MaxRetryAttempts"] = "1",
    };

    private string[] OnShare(string folder = "") => Directory.Exists(Path.Combine(_share.ReportsFolder, folder))
        ? [.. Directory.GetFiles(Path.Combine(_share.ReportsFolder, folder)).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal)]
        : [];

    private async Task<Alert?> AlertAsync(string kind) =>
        (await Worker.Store.ListAlertsAsync(null, 100, CancellationToken.None)).FirstOrDefault(a => a.Kind == kind);

    private async Task PostAcceptedAsync(params string[] orderNos)
    {
        foreach (var orderNo in orderNos)
        {
            using var response = await Worker.PostOrderAsync(orderNo, ("SKU-1", 1));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), $"{orderNo} is taken whatever the share does");
        }
    }

    private Task DeliveredAsync(string what) =>
        WorkerTestHost.WaitUntilAsync(async () => await Worker.Store.PendingOutboxCountAsync(CancellationToken.None) == 0, what, seconds: 30);

    [Test]
    public async Task Offline_orders_reach_the_instance_share_and_a_merge_leaves_only_the_daily_files_there()
    {
        await StartWorkerAsync(Settings());
        await Worker.CutOciAsync(Simulator);
        await PostAcceptedAsync("dav-1", "dav-2", "dav-3");
        await DeliveredAsync("the offline work files reach the share");
        var offline = OnShare("work");

        Simulator.Faults.Set(OciSimulator.State.FaultSettings.None);
        await WorkerTestHost.WaitUntilAsync(async () => await Worker.OciStateAsync() == "online", "reconciled after OCI is back", seconds: 30);
        await DeliveredAsync("the reserved work files reach the share");
        using var merge = await Worker.Http.PostAsJsonAsync("/api/merge", new { });
        var findings = await Worker.Host.App.Services.GetRequiredService<ConsistencyChecker>().CheckAsync(CancellationToken.None);

        var daily = OnShare();
        Assert.Multiple(() =>
        {
            Assert.That(offline, Has.Length.EqualTo(3).And.All.Match(@"^offline_MySite_\d{8}_\d{6}_dav-\d\.json$"));
            Assert.That(merge.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(daily, Has.Length.EqualTo(2).And.Some.Match(@"^\d{8}_offline_MySite\.json$").And.Some.Match(@"^\d{8}_reserved_MySite\.json$"));
            Assert.That(OnShare("work"), Is.Empty, "every work file was folded in and deleted from the share");
            Assert.That(daily.Select(f => JsonDocument.Parse(File.ReadAllText(Path.Combine(_share.ReportsFolder, f))).RootElement.GetProperty("orders").GetArrayLength()), Is.EqualTo(new[] { 3, 3 }));
            Assert.That(findings, Is.Empty, "check reads the share and finds every report");
            Assert.That(Directory.Exists(Worker.ReportsFolder), Is.False, "nothing went to the local folder");
        });
    }

    [Test]
    public async Task A_day_past_MaxFileBytes_continues_in_numbered_parts_on_the_share_and_check_reads_them_whole()
    {
        var settings = Settings();
        settings["OrderCapture:Impex:MaxFileBytes"] = "10000";
        await StartWorkerAsync(settings);
        await Worker.CutOciAsync(Simulator);
        var orderNos = Enumerable.Range(1, 40).Select(i => $"big-{i:D2}").ToArray();
        await PostAcceptedAsync(orderNos);
        await DeliveredAsync("the offline work files reach the share");

        using var merge = await Worker.Http.PostAsJsonAsync("/api/merge", new { });
        var findings = await Worker.Host.App.Services.GetRequiredService<ConsistencyChecker>().CheckAsync(CancellationToken.None);

        var parts = OnShare();
        var inParts = parts.SelectMany(f => JsonDocument.Parse(File.ReadAllText(Path.Combine(_share.ReportsFolder, f))).RootElement.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("orderNo").GetString())).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(parts.Length, Is.GreaterThanOrEqualTo(2), "40 orders of about 350 bytes do not fit in 10,000");
            Assert.That(parts, Has.All.Match(@"^\d{8}_offline_MySite(_\d+)?\.json$"));
            Assert.That(parts.Select(f => new FileInfo(Path.Combine(_share.ReportsFolder, f)).Length), Has.All.LessThanOrEqualTo(10_000));
            Assert.That(inParts, Is.EquivalentTo(orderNos), "every order in exactly one part");
            Assert.That(findings, Is.Empty, "check reads every part: no order missing, none in two files");
            Assert.That(OnShare("work"), Is.Empty);
        });
    }

    [Test]
    public async Task A_share_that_vanishes_is_alerted_orders_keep_being_taken_and_each_report_arrives_once_it_is_back()
    {
        await StartWorkerAsync(Settings());
        await Worker.CutOciAsync(Simulator);
        await _share.StopAsync();

        await PostAcceptedAsync("gone-1", "gone-2", "gone-3");
        await WorkerTestHost.WaitUntilAsync(async () => await AlertAsync(AlertKinds.ImpexUnavailable) is not null, "the share's outage is alerted", seconds: 30);
        var alert = await AlertAsync(AlertKinds.ImpexUnavailable);

        await _share.StartAgainAsync();
        await WorkerTestHost.WaitUntilAsync(async () => await Worker.Store.PendingOutboxCountAsync(CancellationToken.None) == 0, "the backlog arrives by itself", seconds: 90);

        Assert.Multiple(async () =>
        {
            Assert.That(alert!.Message, Does.Contain("could not be reached").And.Contain("OrderCapture:Impex:WebDavUrl"), "the alert names the cause and where to look");
            Assert.That(OnShare("work"), Has.Length.EqualTo(3).And.All.Match(@"^offline_MySite_\d{8}_\d{6}_gone-\d\.json$"), "each once, no temp file left");
            Assert.That(await AlertAsync(AlertKinds.ImpexRecovered), Is.Not.Null);
        });
    }

    [Test]
    public async Task An_access_key_rotated_at_the_instance_is_alerted_with_the_fix_and_the_new_key_delivers_the_backlog()
    {
        await StartWorkerAsync(Settings());
        await Worker.CutOciAsync(Simulator);
        await _share.SetAccessKeyAsync("rotated-access-key-9876543210");

        await PostAcceptedAsync("rotated-1", "rotated-2");
        await WorkerTestHost.WaitUntilAsync(async () => await AlertAsync(AlertKinds.ImpexUnavailable) is not null, "the refusal is alerted", seconds: 30);
        var alert = await AlertAsync(AlertKinds.ImpexUnavailable);
        await Worker.DisposeAsync();

        Worker = await WorkerTestHost.StartAsync(Simulator, Folder, Settings("rotated-access-key-9876543210"));
        await DeliveredAsync("the new key delivers what waited");

        Assert.Multiple(() =>
        {
            Assert.That(alert!.Message, Does.Contain("401").And.Contain("Manage Access Keys").And.Contain("OrderCapture:Impex:AccessKey"));
            Assert.That(alert.Message, Does.Not.Contain(NginxWebDav.AccessKey), "no secret in an alert");
            Assert.That(OnShare("work"), Has.Length.EqualTo(2).And.All.Match(@"^offline_MySite_\d{8}_\d{6}_rotated-\d\.json$"));
        });
    }

    [Test]
    public async Task A_bearer_token_checked_by_the_instance_against_Account_Manager_is_let_in()
    {
        await _share.DisposeAsync();
        _share = await NginxWebDav.StartAsync(Path.Combine(Folder, "nginx-bearer"), tokenInfo: new Uri(Simulator.BaseUrl, "/dwsso/oauth2/tokeninfo"));
        var settings = Settings();
        settings["OrderCapture:Impex:Auth"] = "Bearer";
        settings.Remove("OrderCapture:Impex:UserName");
        settings.Remove("OrderCapture:Impex:AccessKey");
        await StartWorkerAsync(settings);

        // The worker's own share, as wired: the token is the OCI client's, from the simulator's Account Manager.
        var share = Worker.Host.App.Services.GetRequiredService<Core.Reports.Share.IImpexShare>();
        await Core.Reports.Share.ImpexShareExtensions.WriteAsync(share, "work/offline_MySite_20260202_120000_bearer-1.json", "{}", CancellationToken.None);

        using var anonymous = new HttpClient();
        using var refused = await anonymous.GetAsync(new Uri(_share.Url + "/src/continuous_order_capture/work/"));
        Assert.Multiple(() =>
        {
            Assert.That(OnShare("work"), Has.One.Match(@"^offline_MySite_\d{8}_\d{6}_bearer-1\.json$"));
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the share really checks the token");
        });
    }
}
