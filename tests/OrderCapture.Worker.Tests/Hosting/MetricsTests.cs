using System.Globalization;
using System.Text.RegularExpressions;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Hosting;

/// <summary><c>/metrics</c> (Prometheus text, no key) shows what the worker did, with the right values.</summary>
public sealed partial class MetricsTests : WorkerTestBase
{
    private async Task<string> ScrapeAsync()
    {
        using var plain = new HttpClient { BaseAddress = Worker.Host.BaseUrl };
        return await plain.GetStringAsync("/metrics");
    }

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
        await StartWorkerAsync();
        for (var i = 0; i < 2; i++)
        {
            using var online = await Worker.PostOrderAsync($"m-on-{i}", ("SKU-1", 1));
        }

        await Worker.CutOciAsync(Simulator);
        for (var i = 0; i < 3; i++)
        {
            using var offline = await Worker.PostOrderAsync($"m-off-{i}", ("SKU-1", 1));
        }

        using (var refused = await Worker.PostOrderAsync("m-too-many", ("SKU-1", 100)))
        {
        }

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
