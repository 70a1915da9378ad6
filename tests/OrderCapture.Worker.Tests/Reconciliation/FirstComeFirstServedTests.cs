using System.Net;
using System.Text.Json;
using OrderCapture.OciSimulator.State;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Reconciliation;

/// <summary>
/// Invariant 11 end to end: a queue that wants twice the stock OCI has left is reserved exactly as
/// if its orders went to OCI one at a time, oldest first — round after round, with the batch's
/// reservations running in parallel wherever orders have nothing in common.
/// </summary>
public sealed class FirstComeFirstServedTests : WorkerTestBase
{
    private const int Rounds = 20;
    private const int OrdersPerRound = 200;
    private const int SkusPerRound = 5;
    private const decimal Stock = 1000;

    private static readonly SimPlace Warehouse = new(SimPlaceType.Location, "warehouse-1");

    private static string Sku(int round, int i) => $"R{round:D2}-SKU-{i}";

    protected override InventorySeed Seed =>
        WorkerTestHost.Seed(Stock, [.. Enumerable.Range(0, Rounds).SelectMany(r => Enumerable.Range(0, SkusPerRound).Select(i => Sku(r, i)))]);

    [Test]
    public async Task Outcomes_equal_one_order_at_a_time_oldest_first_in_every_round()
    {
        await StartWorkerAsync(new Dictionary<string, string>
        {
            ["Capture:OfflineHeadroom:Mode"] = "Off",
            ["Reconciliation:MaxParallelRequests"] = "8",
            ["Reconciliation:BatchSize"] = "50", // four batches a round: the order holds across batches too
        }, Sku(0, 0));
        var random = new Random(20261204);
        var mismatches = new List<string>();
        for (var round = 0; round < Rounds; round++)
        {
            await Worker.CutOciAsync(Simulator);
            var queue = new List<(string OrderNo, (string Sku, decimal Quantity)[] Lines)>();
            for (var n = 0; n < OrdersPerRound; n++)
            {
                var skus = Enumerable.Range(0, SkusPerRound).OrderBy(_ => random.Next()).Take(random.Next(1, 3)).Select(i => Sku(round, i));
                var lines = skus.Select(s => (s, (decimal)random.Next(1, 4))).ToArray();
                var orderNo = $"r{round:D2}-{n:D3}";
                using var response = await Worker.PostOrderAsync(orderNo, lines);
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
                queue.Add((orderNo, lines));
            }

            // Another channel sells while OCI is unreachable from here: half of what the queue wants is left.
            var left = new Dictionary<string, decimal>();
            for (var i = 0; i < SkusPerRound; i++)
            {
                var wanted = queue.SelectMany(o => o.Lines).Where(l => l.Sku == Sku(round, i)).Sum(l => l.Quantity);
                left[Sku(round, i)] = Math.Floor(wanted / 2);
                Simulator.State.Consume(Warehouse, Sku(round, i), Stock - left[Sku(round, i)]);
            }

            Simulator.Faults.Set(FaultSettings.None);
            await WorkerTestHost.WaitUntilAsync(async () => (await Worker.GetJsonAsync("/api/status")).GetProperty("queue").GetProperty("reservationMissing").GetInt64() == 0,
                $"round {round}: the queue is reconciled", seconds: 120);

            // One at a time, oldest first.
            foreach (var (orderNo, lines) in queue)
            {
                var expected = lines.Select(l =>
                {
                    var reserved = Math.Min(l.Quantity, left[l.Sku]);
                    left[l.Sku] -= reserved;
                    return reserved;
                }).ToList();
                var order = await Worker.GetJsonAsync($"/api/orders/MySite/{orderNo}");
                var actual = order.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("reservedQuantity").GetDecimal()).ToList();
                if (!expected.SequenceEqual(actual))
                {
                    mismatches.Add($"{orderNo}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}]");
                }
            }
        }

        Assert.That(mismatches, Is.Empty, $"{mismatches.Count} order(s) got stock an earlier order was waiting for:\n{string.Join("\n", mismatches.Take(20))}");
    }
}
