using System.Globalization;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Hosting;

/// <summary>
/// <c>/metrics</c> (Prometheus text, no key) shows what the worker did, with the right values. The
/// worker runs as its own process, as in production: one host per process (OpenTelemetry's
/// listeners are process-wide, and the in-process tests build many hosts one after another).
/// </summary>
public sealed partial class MetricsTests : WorkerTestBase
{
    private WorkerProcess _worker = null!;

    [TearDown]
    public async Task StopWorkerAsync() => await _worker.DisposeAsync();

    private async Task<string> ScrapeAsync()
    {
        using var plain = new HttpClient { BaseAddress = _worker.Http.BaseAddress };
        return await plain.GetStringAsync("/metrics");
    }

    private async Task PostAsync(string orderNo, decimal quantity)
    {
        using var response = await _worker.Http.PostAsJsonAsync("/api/orders", new { orderNo, site = WorkerTestHost.Site, lines = new[] { new { sku = "SKU-1", quantity } } });
    }

    private async Task<string> StateAsync() => (await _worker.Http.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/status")).GetProperty("oci").GetString()!;

    /// <summary>The value of the series <paramref name="name"/> whose labels include <paramref name="labels"/> ("k=\"v\"" pairs); NaN when absent.</summary>
    private static double Value(string scrape, string name, params string[] labels)
    {
        foreach (Match line in SeriesLine().Matches(scrape))
        {
            var seriesLabels = line.Groups["labels"].Value;
            if (line.Groups["name"].Value == name && labels.All(l => seriesLabels.Contains(l, StringComparison.Ordinal)))
            {
                return double.Parse(line.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return double.NaN;
    }

    [GeneratedRegex("^(?<name>[a-z_]+)(?:\\{(?<labels>[^}]*)\\})? (?<value>[0-9.eE+-]+)", RegexOptions.Multiline)]
    private static partial Regex SeriesLine();

    [Test]
    public async Task A_scripted_run_shows_up_in_the_metrics_with_its_numbers()
    {
        _worker = await WorkerProcess.StartAsync(Simulator, Folder, new Dictionary<string, string>());
        await WorkerTestHost.WaitUntilAsync(async () => (await _worker.Http.GetAsync($"/api/availability/{WorkerTestHost.List}/SKU-1")).IsSuccessStatusCode, "the cache is loaded", seconds: 30);
        for (var i = 0; i < 2; i++)
        {
            await PostAsync($"m-on-{i}", 1);
        }

        Simulator.Faults.Set(new OrderCapture.OciSimulator.State.FaultSettings(OrderCapture.OciSimulator.State.FaultMode.Error503, TimeSpan.Zero, 0));
        await WorkerTestHost.WaitUntilAsync(async () => await StateAsync() == "offline", "the worker sees OCI offline");
        for (var i = 0; i < 3; i++)
        {
            await PostAsync($"m-off-{i}", 1);
        }

        await PostAsync("m-too-many", 100);
        // The gauges are sampled every few seconds: wait until they show the queue.
        await WorkerTestHost.WaitUntilAsync(async () => Value(await ScrapeAsync(), "ordercapture_queue_depth") == 3, "the queue gauge shows 3");
        Simulator.Faults.Set(OrderCapture.OciSimulator.State.FaultSettings.None);
        await WorkerTestHost.WaitUntilAsync(async () => Value(await ScrapeAsync(), "ordercapture_reconciliation_orders_total", "outcome=\"CompletelyReserved\"") == 3,
            "the reconciliation is counted", seconds: 60);
        await WorkerTestHost.WaitUntilAsync(async () => Value(await ScrapeAsync(), "ordercapture_queue_depth") == 0
            && Value(await ScrapeAsync(), "ordercapture_outbox_backlog", "kind=\"work_file\"") == 0, "the queue gauge drains and the reports are written");
        var scrape = await ScrapeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(Value(scrape, "ordercapture_orders_captured_total", "outcome=\"reserved\"", "path=\"online\""), Is.EqualTo(2));
            Assert.That(Value(scrape, "ordercapture_orders_captured_total", "outcome=\"reservation_missing\"", "path=\"offline\""), Is.EqualTo(3));
            Assert.That(Value(scrape, "ordercapture_orders_captured_total", "outcome=\"insufficient\"", "path=\"offline\""), Is.EqualTo(1));
            Assert.That(Value(scrape, "ordercapture_capture_duration_seconds_count", "path=\"offline\""), Is.EqualTo(4));
            Assert.That(Value(scrape, "ordercapture_reconciliation_duration_seconds_count"), Is.GreaterThanOrEqualTo(1));
            Assert.That(Value(scrape, "ordercapture_oci_calls_total", "operation=\"create_reservation\"", "status=\"200\""), Is.EqualTo(5), "2 online + 3 reconciled PUTs");
            Assert.That(Value(scrape, "ordercapture_oci_calls_total", "operation=\"get_deltas\"", "status=\"503\""), Is.GreaterThan(0), "the outage's failed polls");
            Assert.That(Value(scrape, "ordercapture_cache_age_seconds", "list=\"MySiteInventory\""), Is.GreaterThanOrEqualTo(0));
            Assert.That(scrape, Does.Contain("ordercapture_oci_breaker_open"));
            Assert.That(scrape, Does.Contain("ordercapture_queue_oldest_age_seconds"));
            Assert.That(Value(scrape, "ordercapture_outbox_oldest_age_seconds", "kind=\"oms_push\""), Is.Zero, "every kind is reported, 0 when empty");
            Assert.That(scrape, Does.Contain("polly_"), "Polly's resilience events");
        });
    }
}
