using System.Globalization;
using System.Text.Json;
using OrderCapture.Core.Sites;
using OrderCapture.Core.Storage;

namespace OrderCapture.Core.Reports;

/// <summary>What a merge did.</summary>
public sealed record MergeResult(int WorkFilesMerged, int DailyFilesWritten, IReadOnlyList<string> DailyFiles);

/// <summary>
/// Folds work files into <c>{yyyyMMdd}_{kind}_{site}.json</c>: union by order number with the
/// daily file already there, ordered by time then order number, written atomically; the work
/// files go only after the daily file is durable. Re-running after a crash at any step yields
/// the same daily file. One (site, date, kind) group is in memory at a time. One merge runs in the
/// whole cluster at a time, however it was started (job, API, CLI): two at once could each fold
/// their own work files into the same daily file and the later write would drop the other's orders.
/// </summary>
public sealed class DailyMerge(
    ImpexShare impex, SiteCatalog sites, Telemetry.OrderCaptureMetrics metrics, Alerts.IAlertSink alerts, Storage.IClusterLock clusterLock, TimeProvider time)
{
    /// <summary>How often a merge waiting for another instance's merge looks again.</summary>
    public static readonly TimeSpan LockPoll = TimeSpan.FromMilliseconds(100);

    /// <summary>Merges the work files of <paramref name="date"/> (yyyyMMdd) and <paramref name="site"/>, or all when null.</summary>
    public async Task<MergeResult> MergeAsync(string? date, string? site, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        await using var exclusive = await clusterLock.AcquireAsync(Storage.ClusterLocks.Merge, LockPoll, time, cancellationToken).ConfigureAwait(false);
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
                await FoldInDailyAsync(dailyPath, orders, cancellationToken).ConfigureAwait(false);

                var readable = new List<string>();
                foreach (var path in group)
                {
                    if (await ReadOrQuarantineAsync(path, ReportJsonContext.Default.WorkFileDocument, cancellationToken).ConfigureAwait(false) is { } document)
                    {
                        orders.TryAdd(document.OrderNo, document);
                        readable.Add(path);
                    }
                }

                if (readable.Count == 0)
                {
                    continue; // every work file of the group was quarantined: nothing new to fold in
                }

                // Read the daily file again just before writing it: whatever reached it meanwhile (a
                // merge by a process outside the lock, an older version) is kept, not overwritten.
                await FoldInDailyAsync(dailyPath, orders, cancellationToken).ConfigureAwait(false);
                var sorted = orders.Values
                    .OrderBy(o => kind == ReportKind.Offline ? o.CapturedAt : o.ReconciledAt ?? o.CapturedAt)
                    .ThenBy(o => o.OrderNo, StringComparer.Ordinal)
                    .ToList();
                var content = JsonSerializer.Serialize(new DailyFile(groupSite, groupDate, WorkFiles.Prefix(kind), sorted), ReportJsonContext.Default.DailyFile);
                await impex.WriteAtomicAsync(dailyName, content, cancellationToken).ConfigureAwait(false);
                written.Add(dailyName);

                // Only now, with the daily file durable, may the work files go.
                foreach (var path in readable)
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
        }
    }

    private async Task FoldInDailyAsync(string dailyPath, Dictionary<string, WorkFileDocument> orders, CancellationToken cancellationToken)
    {
        if (impex.FileSystem.File.Exists(dailyPath) && await ReadOrQuarantineAsync(dailyPath, ReportJsonContext.Default.DailyFile, cancellationToken).ConfigureAwait(false) is { } daily)
        {
            foreach (var order in daily.Orders)
            {
                orders.TryAdd(order.OrderNo, order);
            }
        }
    }

    /// <summary>
    /// A report file that does not parse (a partial copy, a file dropped in by hand) is moved to the
    /// quarantine folder with a Critical alert, and the merge goes on with the rest: one bad file must
    /// not stop every merge. Nothing is deleted; the operator decides what to do with it.
    /// </summary>
    private async Task<T?> ReadOrQuarantineAsync<T>(string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        string? problem;
        try
        {
            await using var stream = impex.FileSystem.File.OpenRead(path);
            if (await JsonSerializer.DeserializeAsync(stream, type, cancellationToken).ConfigureAwait(false) is { } value)
            {
                return value;
            }

            problem = "it is empty (null)";
        }
        catch (JsonException ex)
        {
            problem = $"it is not valid JSON ({ex.Message})";
        }

        var moved = impex.Quarantine(path);
        await alerts.RaiseAsync(Storage.AlertSeverity.Critical, Alerts.AlertKinds.ReportQuarantined,
            $"Report file {impex.FileSystem.Path.GetFileName(path)} could not be merged: {problem}. Moved to {moved}; the merge went on without it. Repair it or fold its orders in by hand.",
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return null;
    }

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
