using System.Net;
using System.Text.Json;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Hosting;

public sealed class ReadinessTests : WorkerTestBase
{
    [Test]
    public async Task A_started_worker_is_live_and_ready_with_every_check_reported()
    {
        await StartWorkerAsync();
        using var plain = new HttpClient { BaseAddress = Worker.Host.BaseUrl }; // no key: probes do not carry one

        using var live = await plain.GetAsync("/healthz");
        using var ready = await plain.GetAsync("/readyz");
        var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;

        Assert.Multiple(() =>
        {
            Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToString());
            Assert.That(body.GetProperty("checks").EnumerateObject().Select(c => c.Name), Is.EquivalentTo(new[] { "store", "quartz-scheduler", "cache", "outbox" }));
            Assert.That(body.GetProperty("checks").EnumerateObject().Select(c => c.Value.GetProperty("status").GetString()), Has.All.EqualTo("Healthy"));
        });
    }
}
