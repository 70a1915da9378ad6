using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderCapture.Core.Reports;
using OrderCapture.Core.Reports.Share;

namespace OrderCapture.Core.Retention;

/// <summary>
/// The nightly purge: rows past <see cref="RetentionOptions"/> from the store, then
/// daily files past <see cref="RetentionOptions.DailyFiles"/> from the reports folder. Work files,
/// temp files and the quarantine are never touched: they are unfinished, or evidence.
/// </summary>
public sealed partial class RetentionService(IRetentionStore store, IImpexShare impex, IOptions<RetentionOptions> options, TimeProvider timeProvider, ILogger<RetentionService> logger)
{
    public async Task<PurgeResult> PurgeAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var rows = await store.PurgeAsync(PurgeCutoffs.From(options.Value, now), cancellationToken).ConfigureAwait(false);
        var result = rows with { DailyFiles = await PurgeDailyFilesAsync(DateOnly.FromDateTime((now - options.Value.DailyFiles).UtcDateTime), cancellationToken).ConfigureAwait(false) };
        LogPurged(logger, result);
        return result;
    }

    /// <summary>Daily files (every part) dated before <paramref name="before"/> (<c>{yyyyMMdd}_{kind}_{site}.json</c>).</summary>
    private async Task<int> PurgeDailyFilesAsync(DateOnly before, CancellationToken cancellationToken)
    {
        var old = (await impex.ListAsync(ImpexPath.Reports, cancellationToken).ConfigureAwait(false))
            .Where(f => WorkFiles.DailyFileDate(f.Name) is { } date && date < before)
            .Select(f => f.Name)
            .ToList();
        await impex.DeleteAllAsync(old, cancellationToken).ConfigureAwait(false);
        return old.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purge removed {Result}")]
    private static partial void LogPurged(ILogger logger, PurgeResult result);
}
