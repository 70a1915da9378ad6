using System.Diagnostics;
using System.Net;
using System.Text;
using OrderCapture.Worker.Tests.Support;

namespace OrderCapture.Worker.Tests.Capture;

/// <summary>
/// A time-bounded random-input loop over the intake: mutated order documents, offline, against
/// 10 units. Every answer is 201, 200, 400 or 409; the orders stored are exactly those answered
/// 201 and the units held are exactly theirs: nothing refused changed anything.
/// </summary>
public sealed class RandomIntakeTests : WorkerTestBase
{
    private static readonly string[] Fragments =
    [
        "\"../../x\"", "\"a/b\"", "\"\\u0000\"", "\"MySite\"", "\"Other\"", "\"SKU-1\"", "\"NOPE\"", "-1", "0", "0.0001", "0.5", "1", "1e309", "\"1\"",
        "null", "true", "[]", "{}", "\"\"", new string('9', 400), "\"" + new string('x', 300) + "\"",
    ];

    [Test]
    public async Task Random_order_documents_get_clear_answers_and_only_accepted_ones_hold_stock()
    {
        await StartWorkerAsync();
        await Worker.CutOciAsync(Simulator);
        var random = new Random(20261122); // fixed seed: a failure replays the same inputs
        var accepted = new HashSet<string>();
        var clock = Stopwatch.StartNew();
        var count = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(8) && count < 3000)
        {
            var body = Body(random, count++);
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await Worker.Http.PostAsync("/api/orders", content);
            Assert.That(response.StatusCode, Is.AnyOf(HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.Conflict), body);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                accepted.Add(System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("orderNo").GetString()!);
            }
        }

        var availability = await Worker.AvailabilityAsync();
        var stored = await Worker.Store.ListOrdersAsync(null, null, 10_000, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(count, Is.GreaterThan(100), "the loop ran");
            Assert.That(stored.Select(o => o.OrderNo), Is.EquivalentTo(accepted), "exactly the accepted orders are stored");
            Assert.That(availability.Held, Is.EqualTo(stored.SelectMany(o => o.Lines).Sum(l => l.Quantity)), "holds are exactly what the accepted orders took");
            Assert.That(availability.Held, Is.LessThanOrEqualTo(10m), "never oversold");
        });
    }

    /// <summary>A mostly valid order with one part replaced by something hostile, sometimes truncated.</summary>
    private static string Body(Random random, int n)
    {
        string Pick() => Fragments[random.Next(Fragments.Length)];
        var quantity = random.Next(4) == 0 ? 0.5m : 1m;
        var parts = new[] { $"\"r{n}\"", "\"MySite\"", "\"SKU-1\"", quantity.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var mutated = random.Next(3) == 0 ? -1 : random.Next(parts.Length);
        if (mutated >= 0)
        {
            parts[mutated] = Pick();
        }

        var body = $"{{\"orderNo\":{parts[0]},\"site\":{parts[1]},\"lines\":[{{\"sku\":{parts[2]},\"quantity\":{parts[3]}}}]}}";
        if (random.Next(10) == 0)
        {
            body = body[..random.Next(body.Length)]; // truncated
        }

        return body;
    }
}
