using System.Globalization;
using System.Text.Json;
using OrderCapture.Core.Sites;

namespace OrderCapture.Core.Reports;

/// <summary>What a merge did.</summary>
public sealed record MergeResult(int WorkFilesMerged, int DailyFilesWritten, IReadOnlyList<string> DailyFiles);

/// <summary>
/// Folds work files into <c>{yyyyMMdd}_{kind}_{site}.json</c>: union by order number with the
/// daily file already there, ordered by time then order number, written atomically; the work
/// files go only after the daily file is durable. Re-running after a crash at any step yields
/// the same daily file. One (site, date, kind) group is in memory at a time.
/// </summary>
public sealed class DailyMerge(ImpexShare impex, SiteCatalog sites, Telemetry.OrderCaptureMetrics metrics, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _oneMerge = new(1, 1);

    /// <summary>Merges the work files of <paramref name="date"/> (yyyyMMdd) and <paramref name="site"/>, or all when null.</summary>
    public async Task<MergeResult> MergeAsync(string? date, string? site, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        await _oneMerge.WaitAsync(cancellationToken).ConfigureAwait(false);
        var started = time.GetTimestamp();
        try
        {
            var fs = impex.FileSystem;
            var work = fs.Path.Combine(impex.ReportsFolder, WorkFiles.WorkFolder);
            if (!fs.Directory.Exists(work))
            {
                return new MergeResult(0, 0, []);
            }

            var groups = fs.Directory.EnumerateFiles(work, "*.json")
                .Select(path => (Path: path, Key: Parse(fs.Path.GetFileName(path))))
                .Where(f => f.Key is { } k && (date is null || k.Date == date) && (site is null || k.Site == site))
                .GroupBy(f => f.Key!.Value, f => f.Path)
                .OrderBy(g => g.Key.Date, StringComparer.Ordinal).ThenBy(g => g.Key.Site, StringComparer.Ordinal).ThenBy(g => g.Key.Kind)
                .ToList();
            var total = groups.Sum(g => g.Count());
            var merged = 0;
            var written = new List<string>();
            foreach (var group in groups)
            {
                var (groupSite, groupDate, kind) = group.Key;
                var dailyName = $"{groupDate}_{WorkFiles.Prefix(kind)}_{groupSite}.json";
                var orders = new Dictionary<string, WorkFileDocument>(StringComparer.Ordinal);
                var dailyPath = impex.Resolve(dailyName);
                if (fs.File.Exists(dailyPath))
                {
                    await using var existing = fs.File.OpenRead(dailyPath);
                    var daily = await JsonSerializer.DeserializeAsync(existing, ReportJsonContext.Default.DailyFile, cancellationToken).ConfigureAwait(false);
                    foreach (var order in daily?.Orders ?? [])
                    {
                        orders.TryAdd(order.OrderNo, order);
                    }
                }

                foreach (var path in group)
                {
                    await using var stream = fs.File.OpenRead(path);
                    var document = await JsonSerializer.DeserializeAsync(stream, ReportJsonContext.Default.WorkFileDocument, cancellationToken).ConfigureAwait(false);
                    if (document is not null)
                    {
                        orders.TryAdd(document.OrderNo, document);
                    }
                }

                var sorted = orders.Values
                    .OrderBy(o => kind == ReportKind.Offline ? o.CapturedAt : o.ReconciledAt ?? o.CapturedAt)
                    .ThenBy(o => o.OrderNo, StringComparer.Ordinal)
                    .ToList();
                var content = JsonSerializer.Serialize(new DailyFile(groupSite, groupDate, WorkFiles.Prefix(kind), sorted), ReportJsonContext.Default.DailyFile);
                await impex.WriteAtomicAsync(dailyName, content, cancellationToken).ConfigureAwait(false);
                written.Add(dailyName);

                // Only now, with the daily file durable, may the work files go.
                foreach (var path in group)
                {
                    fs.File.Delete(path);
                    merged++;
                }

                progress?.Report((merged, total));
            }

            return new MergeResult(merged, written.Count, written);
        }
        finally
        {
            metrics.Merged(time.GetElapsedTime(started));
            _oneMerge.Release();
        }
    }

    public void Dispose() => _oneMerge.Dispose();

    /// <summary>
    /// Reads <c>{kind}_{site}_{yyyyMMdd}_{HHmmss}_{orderNo}.json</c>. Site ids may contain '_', so the
    /// site is matched against the configured ones, longest first; anything else is left alone.
    /// </summary>
    internal (string Site, string Date, ReportKind Kind)? Parse(string fileName)
    {
        if (WorkFiles.KindOf(fileName) is { } kind)
        {
            var prefix = WorkFiles.Prefix(kind) + "_";
            foreach (var site in sites.SiteIds.OrderByDescending(s => s.Length))
            {
                var rest = fileName.AsSpan(prefix.Length);
                if (rest.StartsWith(site + "_", StringComparison.Ordinal) && rest.Length > site.Length + 17)
                {
                    var date = rest.Slice(site.Length + 1, 8).ToString();
                    if (DateTime.TryParseExact(date, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) && rest[site.Length + 9] == '_')
                    {
                        return (site, date, kind);
                    }
                }
            }
        }

        return null;
    }
}
