using System.Net;
using OrderCapture.Core.Alerts;
using OrderCapture.OciSimulator;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Capture;

public sealed class ImpexOutageTests
{
    [Test]
    public async Task The_IMPEX_share_failing_then_recovering_writes_every_offline_file_once()
    {
        await using var simulator = await OciSimulatorServer.StartAsync(new SimulatorOptions { ExportDelay = TimeSpan.Zero });
        simulator.State.Replace(WorkerTestHost.Seed(10));
        var folder = WorkerTestHost.NewFolder();
        var reports = Path.Combine(folder, "impex", "src", "continuous_order_capture");
        Directory.CreateDirectory(reports);
        // The share is broken: where the work folder should be there is a file, so nothing can be written under it.
        var blocker = Path.Combine(reports, "work");
        await File.WriteAllTextAsync(blocker, "not a folder");
        await using (var worker = await WorkerTestHost.StartAsync(simulator, folder))
        {
            await worker.WaitForCacheAsync();
            await worker.CutOciAsync(simulator);
            for (var i = 1; i <= 5; i++)
            {
                using var response = await worker.PostOrderAsync($"share-{i}", ("SKU-1", 1));
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), "capture does not wait for the share");
            }

            await WorkerTestHost.WaitUntilAsync(async () =>
                (await worker.Store.ListAlertsAsync(null, 100, CancellationToken.None)).Any(a => a.Kind == AlertKinds.ImpexUnavailable), "the share outage is alerted");
            Assert.That(await worker.Store.PendingOutboxCountAsync(CancellationToken.None), Is.EqualTo(5));

            File.Delete(blocker); // the share is back
            await WorkerTestHost.WaitUntilAsync(async () => await worker.Store.PendingOutboxCountAsync(CancellationToken.None) == 0, "the outbox drains", seconds: 20);
            await WorkerTestHost.WaitUntilAsync(async () =>
                (await worker.Store.ListAlertsAsync(null, 100, CancellationToken.None)).Any(a => a.Kind == AlertKinds.ImpexRecovered), "the recovery is alerted");

            var files = Directory.GetFiles(blocker, "*.json").Select(Path.GetFileName).ToList();
            var alerts = await worker.Store.ListAlertsAsync(null, 100, CancellationToken.None);
            Assert.Multiple(() =>
            {
                Assert.That(files, Has.Count.EqualTo(5));
                Assert.That(files.Select(f => f![^12..]).Order(), Is.EqualTo(Enumerable.Range(1, 5).Select(i => $"share-{i}.json").Select(n => n[^12..])));
                Assert.That(files, Has.All.Match(@"^offline_MySite_\d{8}_\d{6}_share-\d\.json$"));
                Assert.That(Directory.GetFiles(reports, ".tmp-*", SearchOption.AllDirectories), Is.Empty, "no temp file left behind");
                Assert.That(alerts.Count(a => a.Kind == AlertKinds.ImpexUnavailable), Is.EqualTo(1));
                Assert.That(alerts.Count(a => a.Kind == AlertKinds.ImpexRecovered), Is.EqualTo(1));
            });
        }

        Directory.Delete(folder, recursive: true);
    }
}
