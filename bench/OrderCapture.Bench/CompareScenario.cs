using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace OrderCapture.Bench;

/// <summary>
/// <c>compare REF [scenario] [args…]</c>: a speed claim as a ratio, measured side by side. REF is
/// built in Release in a git worktree (kept per commit, so a second compare starts at once), then REF
/// and this working tree's build run the scenario alternately (<c>--runs N</c>, default 3 each; REF
/// first, so a warming disk favours REF), and each figure's median is printed for both with the
/// ratio working tree ÷ REF, with each side's spread (lowest–highest). Build this tree first:
/// <c>dotnet run -c Release --project bench/OrderCapture.Bench -- compare …</c>.
/// <c>--settle S</c> flushes the disk and waits S seconds between runs: each run deletes its tens of
/// thousands of work files when it ends, and on ext4 without a journal the next minute of file
/// creation skips every inode deleted that recently, one inode-table lookup each, which bills the
/// next run for the previous one's clean-up (seen in CPU profiles as <c>recently_deleted</c>).
/// </summary>
internal static class CompareScenario
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0)
        {
            await Console.Error.WriteLineAsync("usage: compare REF [scenario] [--runs N] [scenario options]").ConfigureAwait(false);
            return 2;
        }

        var scenario = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? args[1] : "capture";
        var rest = args.Skip(args.Length > 1 && scenario == args[1] ? 2 : 1).ToList();
        var runs = 3;
        if (rest.IndexOf("--runs") is var at and >= 0 && at + 1 < rest.Count)
        {
            runs = int.Parse(rest[at + 1], CultureInfo.InvariantCulture);
            rest.RemoveRange(at, 2);
        }

        var settle = TimeSpan.Zero;
        if (rest.IndexOf("--settle") is var settleAt and >= 0 && settleAt + 1 < rest.Count)
        {
            settle = TimeSpan.FromSeconds(double.Parse(rest[settleAt + 1], CultureInfo.InvariantCulture));
            rest.RemoveRange(settleAt, 2);
        }

        var repository = (await GitAsync(Directory.GetCurrentDirectory(), "rev-parse", "--show-toplevel").ConfigureAwait(false)).Trim();
        var commit = (await GitAsync(repository, "rev-parse", "--verify", $"{args[0]}^{{commit}}").ConfigureAwait(false)).Trim();
        var reference = await BuildAsync(repository, commit).ConfigureAwait(false);
        var current = typeof(CompareScenario).Assembly.Location;
        var figures = new Dictionary<string, (List<double> Reference, List<double> Current)>(StringComparer.Ordinal);
        for (var i = 0; i < runs; i++)
        {
            foreach (var (name, dll, isReference) in new[] { (commit[..7], reference, true), ("working tree", current, false) })
            {
                if (settle > TimeSpan.Zero && (i > 0 || !isReference))
                {
                    await SettleAsync(settle).ConfigureAwait(false);
                }

                await Console.Error.WriteLineAsync($"[compare] run {i + 1}/{runs}: {name} {scenario} {string.Join(' ', rest)}").ConfigureAwait(false);
                var run = WithRunStart(await RunOnceAsync(dll, scenario, rest).ConfigureAwait(false));
                await Console.Error.WriteLineAsync($"[compare]   {string.Join("  ", run.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Key}={f.Value:0.##}")))}").ConfigureAwait(false);
                foreach (var (figure, value) in run)
                {
                    if (!figures.TryGetValue(figure, out var both))
                    {
                        figures[figure] = both = ([], []);
                    }

                    (isReference ? both.Reference : both.Current).Add(value);
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine($"== compare {scenario}: working tree ÷ {commit[..7]} ({args[0]}), medians of {runs} alternating runs ==");
        Console.WriteLine($"{"figure",-36} {commit[..7],14} {"working tree",14} {"ratio",8}   spread {commit[..7]} | working tree");
        foreach (var (figure, (refs, currents)) in figures)
        {
            var (r, c) = (Median(refs), Median(currents));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{figure,-36} {r,14:N2} {c,14:N2} {(r == 0 ? double.NaN : c / r),8:0.00}x   {Spread(refs)} | {Spread(currents)}"));
        }

        return 0;
    }

    private static string Spread(List<double> values) =>
        values.Count == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{values.Min():0.##}–{values.Max():0.##}");

    /// <summary>Flushes the page cache to disk (so the deletions are on disk and count as old sooner), then waits.</summary>
    private static async Task SettleAsync(TimeSpan settle)
    {
        if (!OperatingSystem.IsWindows())
        {
            await RunAsync("sync", Directory.GetCurrentDirectory()).ConfigureAwait(false);
        }

        await Console.Error.WriteLineAsync($"[compare] settling {settle.TotalSeconds:0} s").ConfigureAwait(false);
        await Task.Delay(settle).ConfigureAwait(false);
    }

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>The REF's bench, built once per commit in a worktree beside the temp folder.</summary>
    private static async Task<string> BuildAsync(string repository, string commit)
    {
        var folder = Path.Combine(Path.GetTempPath(), "ordercapture-compare", commit);
        var dll = Path.Combine(folder, "bench", "OrderCapture.Bench", "bin", "Release", "net10.0", "OrderCapture.Bench.dll");
        if (File.Exists(dll))
        {
            return dll;
        }

        if (!Directory.Exists(folder))
        {
            await GitAsync(repository, "worktree", "add", "--detach", "--force", folder, commit).ConfigureAwait(false);
        }

        await Console.Error.WriteLineAsync($"[compare] building {commit[..7]} in {folder}").ConfigureAwait(false);
        await RunAsync("dotnet", folder, "build", "-c", "Release", "bench/OrderCapture.Bench", "-v", "q", "-nologo").ConfigureAwait(false);
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"{commit[..7]} built no {dll}");
    }

    /// <summary>
    /// Adds when a reconciliation run began after OCI came back (the wall time to an empty queue less
    /// the run's own). That start falls anywhere in the OCI client's circuit-breaker break (5 s), and
    /// a run that starts at once shares the CPU with the offline work files still being written, so
    /// its orders/s reads lower: each run's line pairs the two, as every build's bench prints both.
    /// </summary>
    private static Dictionary<string, double> WithRunStart(Dictionary<string, double> figures)
    {
        if (figures.TryGetValue("wall_seconds_trigger_to_empty", out var wall) && figures.TryGetValue("run_seconds", out var run))
        {
            figures["run_start_after_oci_back_s"] = wall - run;
        }

        return figures;
    }

    /// <summary>One run of the scenario; its figures from the JSON line every scenario prints.</summary>
    private static async Task<Dictionary<string, double>> RunOnceAsync(string dll, string scenario, List<string> options)
    {
        var output = await RunAsync("dotnet", Path.GetDirectoryName(dll)!, [dll, scenario, .. options]).ConfigureAwait(false);
        var json = output.Split('\n').LastOrDefault(l => l.StartsWith("JSON ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"{scenario} printed no JSON line:\n{output}");
        using var document = JsonDocument.Parse(json[5..]);
        return document.RootElement.GetProperty("results").EnumerateObject()
            .Where(p => p.Value.ValueKind == JsonValueKind.Number)
            .ToDictionary(p => p.Name, p => p.Value.GetDouble(), StringComparer.Ordinal);
    }

    private static Task<string> GitAsync(string folder, params string[] args) => RunAsync("git", folder, args);

    private static async Task<string> RunAsync(string file, string folder, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        return process.ExitCode == 0 ? await output.ConfigureAwait(false)
            : throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}:\n{await output.ConfigureAwait(false)}\n{await error.ConfigureAwait(false)}");
    }
}
