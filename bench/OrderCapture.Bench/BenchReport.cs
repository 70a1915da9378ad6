using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace OrderCapture.Bench;

/// <summary>Prints a scenario's numbers as a table and as one JSON line (for docs/benchmarks.md and scripts).</summary>
internal static class BenchReport
{
    public static void Print(string scenario, IReadOnlyList<(string Name, double Value, string Unit)> rows)
    {
        Console.WriteLine();
        Console.WriteLine($"== {scenario} ==");
        foreach (var (name, value, unit) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-34} {value,14:N1} {unit}"));
        }

        // NaN or infinity ("not measured in this run") is not JSON: it becomes null.
        var json = rows.ToDictionary(r => r.Name, r => !double.IsFinite(r.Value) ? (double?)null : Math.Round(r.Value, 2));
        json["peak_rss_mb"] = Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, 1);
        Console.WriteLine("JSON " + JsonSerializer.Serialize(new { scenario, results = json }));
    }

    public static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100 * sorted.Count) - 1)];
}
