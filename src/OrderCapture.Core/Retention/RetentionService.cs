using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderCapture.Core.Reports;

namespace OrderCapture.Core.Retention;

/// <summary>
/// The nightly purge (issue 16): rows past <see cref="RetentionOptions"/> from the store, then
/// daily files past <see cref="RetentionOptions.DailyFiles"/> from the reports folder. Work files,
/// temp files and the quarantine are never touched: they are unfinished, or evidence.
/// </summary>
public sealed partial class RetentionService(IRetentionStore store, ImpexShare impex, IOptions<RetentionOptions> options, TimeProvider timeProvider, ILogger<RetentionService> logger)
{
    public async Task<PurgeResult> PurgeAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var rows = await store.PurgeAsync(PurgeCutoffs.From(options.Value, now), cancellationToken).ConfigureAwait(false);
        var result = rows with { DailyFiles = PurgeDailyFiles(DateOnly.FromDateTime((now - options.Value.DailyFiles).UtcDateTime)) };
        LogPurged(logger, result);
        return result;
    }

    /// <summary>Daily files dated before <paramref name="before"/> (<c>{yyyyMMdd}_{kind}_{site}.json</c>).</summary>
    private int PurgeDailyFiles(DateOnly before)
    {
        var fs = impex.FileSystem;
        if (!fs.Directory.Exists(impex.ReportsFolder))
        {
            return 0;
        }

        var removed = 0;
        foreach (var path in fs.Directory.EnumerateFiles(impex.ReportsFolder, "*.json"))
        {
            if (WorkFiles.DailyFileDate(fs.Path.GetFileName(path)) is { } date && date < before)
            {
                fs.File.Delete(path);
                removed++;
            }
        }

        return removed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purge removed {Result}")]
    private static partial void LogPurged(ILogger logger, PurgeResult result);
}
