using System.Net;
using OrderCapture.Core.Alerts;
using OrderCapture.Core.Storage;
using OrderCapture.Testing;
using OrderCapture.Worker.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace OrderCapture.Worker.Tests.Impex;

/// <summary>
/// Answers a real instance gives and nginx will not (WireMock stands in for the share): a 401
/// with the instance's <c>WWW-Authenticate</c> for an API client missing from WebDAV Client
/// Permissions, 507 when the share is full, 413 for a file too large, and a share that hangs.
/// Orders keep being taken, the report waits in the outbox, and the alert names the cause and the fix.
/// </summary>
public sealed class WebDavFaultTests : WorkerTestBase
{
    private WireMockServer _instance = null!;

    [SetUp]
    public void StartInstance()
    {
        _instance = WireMockServer.Start();
        _instance.Given(Request.Create().UsingMethod("MKCOL")).RespondWith(Response.Create().WithStatusCode(405)); // the folders exist
    }

    [TearDown]
    public void StopInstance() => _instance.Dispose();

    private Dictionary<string, string> Settings(string auth) => new()
    {
        ["OrderCapture:Impex:Target"] = "WebDav",
        ["OrderCapture:Impex:WebDavUrl"] = $"{_instance.Url}/on/demandware.servlet/webdav/Sites/Impex",
        ["OrderCapture:Impex:Auth"] = auth,
        ["OrderCapture:Impex:UserName"] = NginxWebDav.User,
        ["OrderCapture:Impex:AccessKey"] = NginxWebDav.AccessKey,
        ["OrderCapture:Impex:RequestTimeout"] = "00:00:01",
        ["OrderCapture:Impex:MaxRetryAttempts"] = "1",
    };

    [TestCase(507, "Basic", "full (507 Insufficient Storage)", "Retention:DailyFiles")]
    [TestCase(413, "Basic", "too large (413)", "OrderCapture:Impex:MaxFileBytes")]
    [TestCase(401, "Bearer", "API client ordercapture's token (401)", "\"client_id\":\"ordercapture\",\"permissions\":[{\"path\":\"/impex/src/continuous_order_capture\",\"operations\":[\"read_write\"]}]")]
    [TestCase(0, "Basic", "no answer within OrderCapture:Impex:RequestTimeout", "OrderCapture:Impex:WebDavUrl")]
    public async Task A_share_that_refuses_or_hangs_is_alerted_with_cause_and_fix_and_orders_keep_being_taken(int status, string auth, string cause, string fix)
    {
        var put = Request.Create().UsingPut();
        if (status == 0)
        {
            _instance.Given(put).RespondWith(Response.Create().WithStatusCode(201).WithDelay(TimeSpan.FromSeconds(20)));
        }
        else
        {
            _instance.Given(put).RespondWith(Response.Create().WithStatusCode(status)
                .WithHeader("WWW-Authenticate", "Basic realm=\"Demandware WebDAV\"").WithBody("<html>refused</html>"));
        }

        await StartWorkerAsync(Settings(auth));
        await Worker.CutOciAsync(Simulator);
        for (var i = 1; i <= 2; i++)
        {
            using var response = await Worker.PostOrderAsync($"fault-{i}", ("SKU-1", 1));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), "capture never waits for the share");
        }

        await WorkerTestHost.WaitUntilAsync(async () => (await Worker.Store.ListAlertsAsync(null, 100, CancellationToken.None)).Any(a => a.Kind == AlertKinds.ImpexUnavailable), "the share's fault is alerted", seconds: 30);
        var alert = (await Worker.Store.ListAlertsAsync(null, 100, CancellationToken.None)).First(a => a.Kind == AlertKinds.ImpexUnavailable);
        var waiting = (await Worker.Store.OutboxBacklogAsync(CancellationToken.None)).SingleOrDefault(b => b.Kind == OutboxMessage.WorkFile)?.Count;

        Assert.Multiple(() =>
        {
            Assert.That(alert.Message, Does.Contain(cause));
            Assert.That(alert.Message, Does.Contain(fix));
            Assert.That(alert.Message, Does.Not.Contain(NginxWebDav.AccessKey).And.Not.Contain("simulator-secret"), "no secret in an alert");
            Assert.That(waiting, Is.EqualTo(2), "both work files wait in the outbox: nothing is lost");
        });
    }

    /// <summary>
    /// The instance does not say whether its MOVE is atomic. What the worker guarantees instead:
    /// a write counts only once the name holds the whole file, and a MOVE whose answer was lost
    /// (its repeat finds no source: 404) counts only if the name holds the whole file.
    /// </summary>
    [TestCase(201, 3, false)]
    [TestCase(404, 0, true)]
    public async Task A_write_counts_only_once_the_name_holds_the_whole_file(int moveStatus, int shortBy, bool delivered)
    {
        _instance.Given(Request.Create().UsingPut()).RespondWith(Response.Create().WithStatusCode(201));
        _instance.Given(Request.Create().UsingDelete()).RespondWith(Response.Create().WithStatusCode(204));
        _instance.Given(Request.Create().UsingMethod("MOVE")).RespondWith(Response.Create().WithStatusCode(moveStatus));
        await StartWorkerAsync(Settings("Basic"));
        // HEAD answers the length of what the PUT carried, less shortBy: a copy still under way.
        _instance.Given(Request.Create().UsingHead()).RespondWith(Response.Create().WithCallback(request =>
        {
            var put = _instance.LogEntries.Last(e => e.RequestMessage!.Method == "PUT").RequestMessage!;
            return new WireMock.ResponseMessage
            {
                StatusCode = 200,
                Headers = new Dictionary<string, WireMock.Types.WireMockList<string>> { ["Content-Length"] = new((put.BodyAsBytes!.Length - shortBy).ToString(System.Globalization.CultureInfo.InvariantCulture)) },
            };
        }));
        await Worker.CutOciAsync(Simulator);
        using (var response = await Worker.PostOrderAsync("moved-1", ("SKU-1", 1)))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        await WorkerTestHost.WaitUntilAsync(async () => _instance.LogEntries.Any(e => e.RequestMessage!.Method == "HEAD"), "the length is checked after the MOVE");
        await WorkerTestHost.WaitUntilAsync(async () => !delivered || await Worker.Store.PendingOutboxCountAsync(CancellationToken.None) == 0, "a whole file counts as delivered");
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        var waiting = (await Worker.Store.OutboxBacklogAsync(CancellationToken.None)).SingleOrDefault(b => b.Kind == OutboxMessage.WorkFile)?.Count ?? 0;
        var alert = (await Worker.Store.ListAlertsAsync(null, 100, CancellationToken.None)).FirstOrDefault(a => a.Kind == AlertKinds.ImpexUnavailable);

        Assert.Multiple(() =>
        {
            Assert.That(waiting, Is.EqualTo(delivered ? 0 : 1), delivered ? "the lost MOVE answer is settled by the length" : "a short file is not delivered: it is written again");
            if (!delivered)
            {
                Assert.That(_instance.LogEntries.Any(e => e.RequestMessage!.Method == "DELETE" && e.RequestMessage!.Path.EndsWith(".partial", StringComparison.Ordinal)), Is.True, "the temp file is removed");
                Assert.That(alert?.Message, Does.Contain("where").And.Contain("were written: the file is written again"));
            }
        });
    }
}
