using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Storage;
using OrderCapture.OciSimulator.State;

namespace OrderCapture.Bench;

/// <summary>
/// Oversold orders with and without offline headroom. One worker per configuration
/// (headroom Off, and Pace at several factors), all side by side in lockstep on the same catalogue,
/// the same other-channel sales (seeded) and the same storefront orders: a learning phase online, an
/// outage, recovery and reconciliation. Time is compressed by running a short real outage with
/// paces scaled up by the same factor: with the default 60 s outage and paces ×10, it is the
/// 10-minute outage of the issue at its real paces (the headroom depends on pace × time only).
/// The other channel stops when OCI comes back, so reconciliation meets what the outage left.
/// With one-unit orders, every extra refusal either prevents an oversold order or loses a sale
/// OCI could have honoured: the trade-off is sales lost per oversold order prevented.
/// </summary>
internal static class OversellScenario
{
    private sealed record Outcome(string Name, double Factor, int RefusedOffline, int AcceptedOffline, int Oversold, decimal OversoldUnits, int CompletelyReserved, int RefusedOnline);

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var skus = args.Int("skus", 40);
        var onHand = args.Int("stock", 60);
        var learnSeconds = args.Int("learn", 60);
        var outageSeconds = args.Int("outage", 60);
        var ratePerSecond = args.Int("rate", 8);
        var plot = args.String("plot", "bench-output/oversell.svg");
        double[] factors = [0.5, 1, 1.5, 2, 3];

        // Paces in units per (real) minute, a quarter of the catalogue each: idle, slow, medium, fast.
        double[] paces = [0, 6, 20, 40];
        var rules = Enumerable.Range(0, skus).Select(i => new ChannelRule("MySiteInventory", null, $"SKU-{i}", paces[i % paces.Length])).ToList();
        var configurations = new List<(string Name, double Factor, string[] Settings)> { ("off", 0, ["--Capture:OfflineHeadroom:Mode=Off"]) };
        configurations.AddRange(factors.Select(f => ($"pace x{f.ToString(CultureInfo.InvariantCulture)}", f,
            new[] { "--Capture:OfflineHeadroom:Mode=Pace", $"--Capture:OfflineHeadroom:Factor={f.ToString(CultureInfo.InvariantCulture)}" })));

        var workers = new List<BenchWorker>();
        try
        {
            foreach (var (_, _, settings) in configurations)
            {
                workers.Add(await BenchWorker.StartAsync(skus, onHand,
                [
                    "--Connectivity:ProbeInterval=00:00:01", "--Inventory:DeltaPollInterval=00:00:01", .. settings,
                ]));
            }

            Console.WriteLine($"{configurations.Count} workers up; learning {learnSeconds} s, outage {outageSeconds} s, {ratePerSecond} orders/s each");
            foreach (var worker in workers)
            {
                worker.Simulator.Channel.Set(new ChannelSettings(rules, Seed: 17));
            }

            var refusedOnline = await StorefrontAsync(workers, "learn", learnSeconds, ratePerSecond, skus, seed: 1);
            await Task.WhenAll(workers.Select(w => w.CutOciAsync()));
            var refusedOffline = await StorefrontAsync(workers, "outage", outageSeconds, ratePerSecond, skus, seed: 2);
            foreach (var worker in workers)
            {
                worker.Simulator.Channel.Stop();
                worker.Simulator.Faults.Set(FaultSettings.None);
            }

            await Task.WhenAll(workers.Select(w => BenchWorker.WaitAsync(async () => await w.StatusAsync() is var s
                && s.GetProperty("oci").GetString() == "online" && s.GetProperty("queue").GetProperty("reservationMissing").GetInt64() == 0, seconds: 300)));

            var outcomes = new List<Outcome>();
            for (var i = 0; i < workers.Count; i++)
            {
                var store = workers[i].Host.App.Services.GetRequiredService<IOrderStore>();
                var offline = (await store.ListOrdersAsync(null, null, 1_000_000, CancellationToken.None)).Where(o => o.Path == CapturePath.Offline).ToList();
                var oversold = offline.Where(o => o.Status is OrderStatus.PartiallyReserved or OrderStatus.NothingReserved).ToList();
                outcomes.Add(new Outcome(configurations[i].Name, configurations[i].Factor, refusedOffline[i], offline.Count, oversold.Count,
                    oversold.Sum(o => o.Lines.Sum(l => l.Quantity - (l.ReservedQuantity ?? 0))),
                    offline.Count(o => o.Status == OrderStatus.CompletelyReserved), refusedOnline[i]));
            }

            Report(outcomes, skus, onHand, learnSeconds, outageSeconds, ratePerSecond);
            WritePlot(plot, outcomes);
            return 0;
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }
    }

    /// <summary>The same orders to every worker, at a steady rate; answers the 409s per worker.</summary>
    private static async Task<int[]> StorefrontAsync(List<BenchWorker> workers, string phase, int seconds, int perSecond, int skus, int seed)
    {
        var random = new Random(seed);
        var refused = new int[workers.Count];
        var clock = Stopwatch.StartNew();
        var interval = TimeSpan.FromSeconds(1.0 / perSecond);
        var pending = new List<Task>();
        for (var n = 0; clock.Elapsed < TimeSpan.FromSeconds(seconds); n++)
        {
            var sku = $"SKU-{random.Next(skus)}";
            var orderNo = $"{phase}-{n}";
            for (var w = 0; w < workers.Count; w++)
            {
                var index = w;
                pending.Add(Task.Run(async () =>
                {
                    using var response = await workers[index].Http.PostAsJsonAsync("/api/orders",
                        new { orderNo, site = "MySite", lines = new[] { new { sku, quantity = 1 } } });
                    if (response.StatusCode == HttpStatusCode.Conflict)
                    {
                        Interlocked.Increment(ref refused[index]);
                    }
                }));
            }

            var due = interval * (n + 1);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }
        }

        await Task.WhenAll(pending);
        return refused;
    }

    private static void Report(List<Outcome> outcomes, int skus, int onHand, int learn, int outage, int rate)
    {
        var off = outcomes[0];
        var rows = new List<(string, double, string)>
        {
            ("skus", skus, $"SKUs, {onHand} units each; other channels 0/6/20/40 units/min by quarter"),
            ("learn_s", learn, "s online before the outage"),
            ("outage_s", outage, "s (×10 compressed: a 10-minute outage at a tenth of these paces)"),
            ("storefront_orders_per_s", rate, "orders/s, 1 unit each, same orders for every worker"),
        };
        foreach (var o in outcomes)
        {
            var key = o.Name.Replace(' ', '_').Replace(".", "_", StringComparison.Ordinal);
            rows.Add(($"{key}_accepted_offline", o.AcceptedOffline, "orders"));
            rows.Add(($"{key}_refused_offline", o.RefusedOffline, "orders (409 during the outage)"));
            rows.Add(($"{key}_oversold_orders", o.Oversold, "orders"));
            rows.Add(($"{key}_oversold_units", (double)o.OversoldUnits, "units"));
            rows.Add(($"{key}_completely_reserved", o.CompletelyReserved, "offline orders"));
            if (o != off)
            {
                rows.Add(($"{key}_oversold_units_vs_off", off.OversoldUnits == 0 ? double.NaN : (double)(o.OversoldUnits / off.OversoldUnits), "× (target ≤ 0.5)"));
                var prevented = off.Oversold - o.Oversold;
                rows.Add(($"{key}_oversold_orders_prevented", prevented, "orders"));
                rows.Add(($"{key}_extra_refused", o.RefusedOffline - off.RefusedOffline, "orders (= prevented + sales lost, for 1-unit orders)"));
                rows.Add(($"{key}_sales_lost", off.CompletelyReserved - o.CompletelyReserved, "orders refused that OCI could have honoured"));
                rows.Add(($"{key}_sales_lost_per_oversold_prevented", prevented <= 0 ? double.NaN
                    : (double)(off.CompletelyReserved - o.CompletelyReserved) / prevented, "(target < 1)"));
            }
        }

        BenchReport.Print("oversell", rows);
    }

    /// <summary>Oversold and refused units against the factor (Off drawn at factor 0), as a self-contained SVG.</summary>
    private static void WritePlot(string path, List<Outcome> outcomes)
    {
        const int width = 640, height = 360, left = 60, right = 20, top = 30, bottom = 50;
        var maxX = outcomes.Max(o => o.Factor);
        var maxY = Math.Max(1, outcomes.Max(o => Math.Max((double)o.OversoldUnits, o.RefusedOffline)));
        double X(double f) => left + (f / maxX * (width - left - right));
        double Y(double v) => height - bottom - (v / maxY * (height - top - bottom));
        string Line(Func<Outcome, double> value) => string.Join(' ', outcomes.Select(o => string.Create(CultureInfo.InvariantCulture, $"{X(o.Factor):0.#},{Y(value(o)):0.#}")));

        var svg = new System.Text.StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""
            <svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="#fff"/>
            <text x="{left}" y="18" font-size="14">Offline headroom: oversold vs refused units (factor 0 = Off)</text>
            <line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" stroke="#333"/>
            <line x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}" stroke="#333"/>
            <text x="{(width / 2) - 40}" y="{height - 12}">headroom factor</text>
            <polyline fill="none" stroke="#ba0517" stroke-width="2" points="{Line(o => (double)o.OversoldUnits)}"/>
            <polyline fill="none" stroke="#0176d3" stroke-width="2" stroke-dasharray="6 3" points="{Line(o => o.RefusedOffline)}"/>
            <polyline fill="none" stroke="#2e844a" stroke-width="2" stroke-dasharray="2 3" points="{Line(o => outcomes[0].CompletelyReserved - o.CompletelyReserved)}"/>
            <text x="{width - 230}" y="{top + 10}" fill="#ba0517">— oversold units</text>
            <text x="{width - 230}" y="{top + 26}" fill="#0176d3">- - refused units (offline)</text>
            <text x="{width - 230}" y="{top + 42}" fill="#2e844a">·· sales lost (refused, yet OCI had them)</text>
            """);
        foreach (var o in outcomes)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(o.Factor) - 8:0.#}\" y=\"{height - bottom + 16}\">{o.Factor}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(o.Factor):0.#}\" cy=\"{Y((double)o.OversoldUnits):0.#}\" r=\"3\" fill=\"#ba0517\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(o.Factor):0.#}\" cy=\"{Y(o.RefusedOffline):0.#}\" r=\"3\" fill=\"#0176d3\"/>");
        }

        for (var tick = 0; tick <= 4; tick++)
        {
            var value = maxY * tick / 4;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 40}\" y=\"{Y(value) + 4:0.#}\">{value:0}</text>");
        }

        svg.Append("</svg>\n");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, svg.ToString());
        Console.WriteLine($"plot written to {path}");
    }
}
