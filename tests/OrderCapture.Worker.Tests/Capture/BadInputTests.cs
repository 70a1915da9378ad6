using System.Net;
using System.Text;
using OrderCapture.Core.Orders;
using OrderCapture.OciSimulator;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Capture;

/// <summary>Bad input gets a clear 400 (or 401) and changes nothing: no order, no hold, no file.</summary>
public sealed class BadInputTests
{
    private static readonly string[] Bodies =
    [
        """{"orderNo":"../../etc/passwd","site":"MySite","lines":[{"sku":"SKU-1","quantity":1}]}""",
        """{"orderNo":"a/b","site":"MySite","lines":[{"sku":"SKU-1","quantity":1}]}""",
        """{"orderNo":"ok-1","site":"..\\..\\win","lines":[{"sku":"SKU-1","quantity":1}]}""",
        """{"orderNo":"ok-1","site":"Other","lines":[{"sku":"SKU-1","quantity":1}]}""",
        """{"orderNo":"ok\u0000x","site":"MySite","lines":[{"sku":"SKU-1","quantity":1}]}""",
        """{"orderNo":"ok-1","site":"MySite","lines":[{"sku":"../SKU","quantity":1}]}""",
        """{"orderNo":"ok-1","site":"MySite","lines":[{"sku":"SKU-1","quantity":0}]}""",
        """{"orderNo":"ok-1","site":"MySite","lines":[{"sku":"SKU-1","quantity":-1}]}""",
        """{"orderNo":"ok-1","site":"MySite","lines":[{"sku":"SKU-1","quantity":0.0001}]}""",
        """{"orderNo":"ok-1","site":"MySite","lines":[{"sku":"SKU-1","quantity":"1"}]}""",
        """{"orderNo":"ok-1","site":"MySite","lines":[{"sku":"SKU-1","quantity":1,"inventoryListId":"../x"}]}""",
        """{"orderNo":"ok-1","site":"MySite","lines":[{"sku":"NO-SUCH-SKU","quantity":1}]}""",
        """{"orderNo":"ok-1","site":"MySite","lines":[]}""",
        """{"orderNo":"ok-1","site":"MySite","lines":[{"sku":"SKU-1","quantity":1}""",
        """not json at all""",
        "",
    ];

    private OciSimulatorServer _simulator = null!;
    private string _folder = null!;
    private WorkerTestHost _worker = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _simulator = await OciSimulatorServer.StartAsync(new SimulatorOptions { ExportDelay = TimeSpan.Zero });
        _simulator.State.Replace(WorkerTestHost.Seed(10));
        _folder = WorkerTestHost.NewFolder();
        _worker = await WorkerTestHost.StartAsync(_simulator, _folder);
        await _worker.WaitForCacheAsync();
        await _worker.CutOciAsync(_simulator); // offline: the cache alone decides, so every check is ours
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _worker.DisposeAsync();
        await _simulator.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [TestCaseSource(nameof(Bodies))]
    public async Task A_bad_order_is_400_and_changes_nothing(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _worker.Http.PostAsync("/api/orders", content);

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        });
        await AssertNothingChangedAsync();
    }

    [Test]
    public async Task A_body_over_one_MiB_is_400_and_changes_nothing()
    {
        var lines = string.Join(",", Enumerable.Repeat("""{"sku":"SKU-1","quantity":0.001}""", 40_000));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = new StringContent($$"""{"orderNo":"big-1","site":"MySite","lines":[{{lines}}]}""", Encoding.UTF8, "application/json"),
        };
        // The server refuses on Content-Length before the body is sent; without 100-continue the
        // client would still be uploading when the connection closes and see a broken pipe instead.
        request.Headers.ExpectContinue = true;

        using var response = await _worker.Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        await AssertNothingChangedAsync();
    }

    [Test]
    public async Task More_than_ten_thousand_lines_is_400()
    {
        var lines = string.Join(",", Enumerable.Repeat("""{"sku":"S","quantity":1}""", OrderCapture.Core.Capture.OrderValidator.MaxLines + 1));
        using var content = new StringContent($$"""{"orderNo":"many-1","site":"MySite","lines":[{{lines}}]}""", Encoding.UTF8, "application/json");

        using var response = await _worker.Http.PostAsync("/api/orders", content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        await AssertNothingChangedAsync();
    }

    [TestCase(null)]
    [TestCase("wrong-key-0123456789")]
    public async Task A_missing_or_wrong_api_key_is_401(string? key)
    {
        using var http = new HttpClient { BaseAddress = _worker.Http.BaseAddress };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        using var content = new StringContent("""{"orderNo":"k-1","site":"MySite","lines":[{"sku":"SKU-1","quantity":1}]}""", Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("/api/orders", content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        await AssertNothingChangedAsync();
    }

    private async Task AssertNothingChangedAsync()
    {
        var orders = await _worker.Store.ListOrdersAsync(status: null, site: null, 100, CancellationToken.None);
        var availability = await _worker.AvailabilityAsync();
        Assert.Multiple(() =>
        {
            Assert.That(orders, Is.Empty);
            Assert.That(availability.Held, Is.Zero);
            Assert.That(Directory.Exists(Path.Combine(_folder, "impex")) ? Directory.GetFiles(Path.Combine(_folder, "impex"), "*", SearchOption.AllDirectories) : [], Is.Empty);
            Assert.That(Directory.GetFiles(_folder).Where(f => !Path.GetFileName(f).StartsWith("ordercapture.db", StringComparison.Ordinal)), Is.Empty, "nothing written outside the store");
        });
    }
}
