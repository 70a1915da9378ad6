using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Cli;

public sealed class AlertFeedTests : WorkerTestBase
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    [Test]
    public async Task The_Atom_feed_is_valid_XML_with_one_entry_per_alert()
    {
        await StartWorkerAsync();
        await Worker.CutOciAsync(Simulator);

        using var response = await Worker.Http.GetAsync("/alerts.atom");
        var feed = XDocument.Parse(await response.Content.ReadAsStringAsync());
        var alerts = await Worker.Store.ListAlertsAsync(null, 100, CancellationToken.None);

        var entries = feed.Root!.Elements(Atom + "entry").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/atom+xml"));
            Assert.That(feed.Root.Name, Is.EqualTo(Atom + "feed"));
            Assert.That(feed.Root.Element(Atom + "id")?.Value, Is.Not.Empty);
            Assert.That(feed.Root.Element(Atom + "updated")?.Value, Is.Not.Empty);
            Assert.That(entries, Has.Count.EqualTo(alerts.Count));
            Assert.That(entries.Select(e => e.Element(Atom + "category")!.Attribute("term")!.Value), Does.Contain("oci_offline"));
            Assert.That(entries.All(e => e.Element(Atom + "id") is not null && e.Element(Atom + "title") is not null && e.Element(Atom + "updated") is not null), Is.True);
        });
    }

    [Test]
    public async Task An_alert_is_acknowledged_once_and_the_list_filters_by_time()
    {
        await StartWorkerAsync();
        await Worker.CutOciAsync(Simulator);
        var alert = (await Worker.Store.ListAlertsAsync(null, 1, CancellationToken.None)).Single();

        using var ack = await Worker.Http.PostAsync($"/api/alerts/{alert.Id}/ack", null);
        using var missing = await Worker.Http.PostAsync("/api/alerts/999999/ack", null);
        var listed = await Worker.Http.GetFromJsonAsync<JsonElement>($"/api/alerts?since={Uri.EscapeDataString(alert.At.ToString("O"))}");
        var future = await Worker.Http.GetFromJsonAsync<JsonElement>("/api/alerts?since=2999-01-01T00:00:00Z");
        using var bad = await Worker.Http.GetAsync("/api/alerts?since=yesterday-ish");

        Assert.Multiple(() =>
        {
            Assert.That(ack.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(listed.EnumerateArray().Single(a => a.GetProperty("id").GetInt64() == alert.Id).GetProperty("ackedAt").ValueKind, Is.EqualTo(JsonValueKind.String));
            Assert.That(listed.EnumerateArray().Single(a => a.GetProperty("id").GetInt64() == alert.Id).GetProperty("severity").GetString(), Is.EqualTo("Critical"));
            Assert.That(future.GetArrayLength(), Is.Zero);
            Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        });
    }
}

public sealed class AlertWebhookTests : WorkerTestBase
{
    [Test]
    public async Task Alerts_are_pushed_to_the_webhook_once_each_even_after_it_was_down()
    {
        await using var webhook = await WebhookReceiver.StartAsync(failFirst: 2);
        await StartWorkerAsync(new Dictionary<string, string> { ["Alerts:WebhookUrl"] = webhook.Url.ToString() });

        await Worker.CutOciAsync(Simulator);
        var offline = (await Worker.Store.ListAlertsAsync(null, 100, CancellationToken.None)).Single(a => a.Kind == "oci_offline");
        await WorkerTestHost.WaitUntilAsync(() => Task.FromResult(webhook.Received.Any(r => r.Status == 200 && r.Key == $"alert-{offline.Id}")), "the offline alert is acknowledged by the webhook", seconds: 20);

        var calls = webhook.Received.Where(r => r.Key == $"alert-{offline.Id}").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(calls.Count(c => c.Status == 200), Is.EqualTo(1));
            Assert.That(calls.Last().Body, Does.Contain("\"kind\":\"oci_offline\"").And.Contain("\"severity\":\"Critical\""));
        });
    }

    [Test]
    public async Task A_webhook_that_redirects_elsewhere_is_not_followed()
    {
        await using var elsewhere = await WebhookReceiver.StartAsync();
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var redirector = builder.Build();
        var redirected = 0;
        redirector.MapPost("/hook", () =>
        {
            Interlocked.Increment(ref redirected);
            return Microsoft.AspNetCore.Http.Results.Redirect(elsewhere.Url.ToString().Replace("127.0.0.1", "localhost", StringComparison.Ordinal), permanent: false, preserveMethod: true);
        });
        await redirector.StartAsync();
        await StartWorkerAsync(new Dictionary<string, string> { ["Alerts:WebhookUrl"] = $"{redirector.Urls.First()}/hook" });

        await Worker.CutOciAsync(Simulator);
        await WorkerTestHost.WaitUntilAsync(() => Task.FromResult(Volatile.Read(ref redirected) >= 2), "the webhook was tried, and tried again", seconds: 20);

        Assert.That(elsewhere.Received, Is.Empty, "the redirect's target received nothing");
    }
}
