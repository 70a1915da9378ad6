using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OrderCapture.Core.Reports.Share;
using OrderCapture.Core.Sites;
using OrderCapture.Core.Storage;

namespace OrderCapture.Core.Reports;

/// <summary>What a merge did.</summary>
public sealed record MergeResult(int WorkFilesMerged, int DailyFilesWritten, IReadOnlyList<string> DailyFiles);

/// <summary>
/// Folds work files into <c>{yyyyMMdd}_{kind}_{site}.json</c> (and its continuations past
/// <see cref="ImpexOptions.MaxFileBytes"/>, see <see cref="DailyFileParts"/>): union by order number
/// with the daily file already there, ordered by time then order number, each file written whole;
/// the work files go only after the daily file is on the share. Re-running after a crash at any step yields
/// the same daily file. One (site, date, kind) group is in memory at a time. One merge runs in the
/// whole cluster at a time, however it was started (job, API, CLI): two at once could each fold
/// their own work files into the same daily file and the later write would drop the other's orders.
/// </summary>
public sealed class DailyMerge(
    IImpexShare impex, IOptions<ImpexOptions> options, SiteCatalog sites, Telemetry.OrderCaptureMetrics metrics, Alerts.IAlertSink alerts, Storage.IClusterLock clusterLock, TimeProvider time)
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
            var groups = (await impex.ListAsync(ImpexPath.Work, cancellationToken).ConfigureAwait(false))
                .Where(f => f.Name.EndsWith(".json", StringComparison.Ordinal))
                .Select(f => (f.Name, Key: Parse(f.Name)))
                .Where(f => f.Key is { } k && (date is null || k.Date == date) && (site is null || k.Site == site))
                .GroupBy(f => f.Key!.Value, f => ImpexPath.Join(ImpexPath.Work, f.Name))
                .OrderBy(g => g.Key.Date, StringComparer.Ordinal).ThenBy(g => g.Key.Site, StringComparer.Ordinal).ThenBy(g => g.Key.Kind)
                .ToList();
            var total = groups.Sum(g => g.Count());
            var merged = 0;
            var written = new List<string>();
            foreach (var group in groups)
            {
                var (groupSite, groupDate, kind) = group.Key;
                var documents = new WorkFileDocument?[group.Count()];
                var paths = group.ToList();
                await impex.ForEachAsync([.. Enumerable.Range(0, paths.Count)],
                    async (i, ct) => documents[i] = await ReadOrQuarantineAsync(paths[i], ReportJsonContext.Default.WorkFileDocument, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                var readable = paths.Where((_, i) => documents[i] is not null).ToList();
                if (readable.Count == 0)
                {
                    continue; // every work file of the group was quarantined: nothing new to fold in
                }

                // Read the daily file (every part) only now, just before writing it: whatever reached it
                // while the work files were read (a merge by a process outside the lock, an older
                // version) is kept, not overwritten. An order already in a part stays there.
                var daily = new DailyFileParts(groupSite, groupDate, kind, options.Value.MaxFileBytes);
                await FoldInDailyAsync(daily, group.Key, cancellationToken).ConfigureAwait(false);
                foreach (var document in documents.OfType<WorkFileDocument>())
                {
                    daily.AddNew(document);
                }

                var parts = daily.Changed();
                var errors = await impex.WriteBatchAsync([.. parts.Select(p => (p.Name, p.Content))], cancellationToken).ConfigureAwait(false);
                if (errors.FirstOrDefault(e => e is not null) is { } error)
                {
                    throw error; // the work files stay: the next merge folds them in again
                }

                written.AddRange(parts.Select(p => p.Name));

                // Only now, with the daily file on the share, may the work files go.
                await impex.DeleteAllAsync(readable, cancellationToken).ConfigureAwait(false);
                merged += readable.Count;
                progress?.Report((merged, total));
            }

            return new MergeResult(merged, written.Count, written);
        }
        finally
        {
            metrics.Merged(time.GetElapsedTime(started));
        }
    }

    /// <summary>Reads every part of a daily file into <paramref name="daily"/>, in part order.</summary>
    private async Task FoldInDailyAsync(DailyFileParts daily, (string Site, string Date, ReportKind Kind) key, CancellationToken cancellationToken)
    {
        var parts = (await impex.ListAsync(ImpexPath.Reports, cancellationToken).ConfigureAwait(false))
            .Select(f => (f.Name, Daily: WorkFiles.ParseDailyFile(f.Name, sites.SiteIds)))
            .Where(f => f.Daily is { } d && d.Site == key.Site && d.Date == key.Date && d.Kind == key.Kind)
            .OrderBy(f => f.Daily!.Value.Part);
        foreach (var (name, parsed) in parts)
        {
            if (await ReadOrQuarantineAsync(name, ReportJsonContext.Default.DailyFile, cancellationToken).ConfigureAwait(false) is { } file)
            {
                daily.AddExisting(parsed!.Value.Part, file.Orders);
            }
        }
    }

    /// <summary>
    /// A report file that does not parse (a partial copy, a file dropped in by hand) is moved to the
    /// quarantine folder with a Critical alert, and the merge goes on with the rest: one bad file must
    /// not stop every merge. Nothing is deleted; the operator decides what to do with it. A file gone
    /// meanwhile (merged by a process outside the lock) is skipped.
    /// </summary>
    private async Task<T?> ReadOrQuarantineAsync<T>(string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        string? problem;
        try
        {
            await using var stream = await impex.OpenReadAsync(path, cancellationToken).ConfigureAwait(false);
            if (stream is null)
            {
                return null;
            }

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

        var moved = await impex.QuarantineAsync(path, cancellationToken).ConfigureAwait(false);
        await alerts.RaiseAsync(Storage.AlertSeverity.Critical, Alerts.AlertKinds.ReportQuarantined,
            $"Report file {ImpexPath.Check(path).Name} could not be merged: {problem}. Moved to {moved}; the merge went on without it. Repair it or fold its orders in by hand.",
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
