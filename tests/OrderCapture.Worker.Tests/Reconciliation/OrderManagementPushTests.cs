using System.Net;
using OrderCapture.Core.Alerts;
using OrderCapture.Core.Orders;
using OrderCapture.OciSimulator;
using OrderCapture.OciSimulator.State;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Reconciliation;

public sealed class OrderManagementPushTests
{
    [Test]
    public async Task A_webhook_down_then_up_gets_each_order_once_with_the_same_idempotency_key()
    {
        await using var webhook = await WebhookReceiver.StartAsync(failFirst: 5);
        var received = webhook.Received;
        await using var simulator = await OciSimulatorServer.StartAsync(new SimulatorOptions { ExportDelay = TimeSpan.Zero });
        simulator.State.Replace(WorkerTestHost.Seed(10));
        var folder = WorkerTestHost.NewFolder();
        await using (var worker = await WorkerTestHost.StartAsync(simulator, folder, new Dictionary<string, string> { ["OrderManagement:WebhookUrl"] = webhook.Url.ToString() }))
        {
            await worker.WaitForCacheAsync();
            await worker.CutOciAsync(simulator);
            for (var i = 1; i <= 3; i++)
            {
                using var response = await worker.PostOrderAsync($"oms-{i}", ("SKU-1", 1));
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            }

            simulator.Faults.Set(FaultSettings.None);
            await WorkerTestHost.WaitUntilAsync(() => Task.FromResult(received.Count(r => r.Status == 200) == 3), "every push is acknowledged", seconds: 30);
            await WorkerTestHost.WaitUntilAsync(async () => await worker.Store.PendingOutboxCountAsync(CancellationToken.None) == 0, "the outbox is drained");
            await WorkerTestHost.WaitUntilAsync(async () => (await worker.Store.ListAlertsAsync(null, 100, CancellationToken.None)).Any(a => a.Kind == AlertKinds.OrderManagementRecovered), "the recovery is alerted");

            var orders = await worker.Store.ListOrdersAsync(null, null, 10, CancellationToken.None);
            var alerts = await worker.Store.ListAlertsAsync(null, 100, CancellationToken.None);
            Assert.Multiple(() =>
            {
                Assert.That(received.Where(r => r.Status == 200).Select(r => r.Key).ToList(), Is.Unique.And.Count.EqualTo(3), "each order acknowledged once");
                Assert.That(received.Select(r => r.Key).Distinct(), Is.EquivalentTo(orders.Select(o => $"{o.ReservationId}:{OrderStatus.CompletelyReserved}")), "retries reuse the key");
                Assert.That(received.Where(r => r.Status == 200).Select(r => r.Body), Has.All.Contains("\"outcome\":\"CompletelyReserved\""));
                Assert.That(alerts.Select(a => a.Kind), Does.Contain(AlertKinds.OrderManagementUnavailable).And.Contain(AlertKinds.OrderManagementRecovered));
            });
        }

        Directory.Delete(folder, recursive: true);
    }
}
