namespace OrderCapture.Core.Reports.Share;

/// <summary>One file in a folder of the share, as a listing gives it.</summary>
public sealed record ImpexFile(string Name, long Length, DateTimeOffset LastModified);

/// <summary>
/// The reports folder <c>[SHARED_DIR_IMPEX]/src/continuous_order_capture/</c>, wherever it is: a
/// local or mounted folder (<see cref="FolderImpexShare"/>) or a B2C Commerce instance's IMPEX
/// share over WebDAV. Paths are relative to the reports folder (<see cref="ImpexPath"/>); nobody
/// reading the share ever sees half a file; the callers never know which share they have.
/// </summary>
public interface IImpexShare
{
    /// <summary>Where the reports folder is, for people: a path or a URL, never with credentials.</summary>
    string Location { get; }

    /// <summary>How many calls at once suit this share (1 for a folder; a web server wants several).</summary>
    int Parallelism { get; }

    /// <summary>
    /// Writes each file whole under its name, replacing what is there: either the old or the new
    /// content is visible, never a mix. Once this answers null for a file, the file is on the share
    /// (durable on a folder; stored by the server on WebDAV). Answers one error (or null) per file.
    /// </summary>
    Task<IReadOnlyList<Exception?>> WriteBatchAsync(IReadOnlyList<(string RelativePath, string Content)> files, CancellationToken cancellationToken);

    /// <summary>The files (not folders, not temp files) directly in <paramref name="folder"/> (see <see cref="ImpexPath"/>); empty when it does not exist.</summary>
    Task<IReadOnlyList<ImpexFile>> ListAsync(string folder, CancellationToken cancellationToken);

    /// <summary>The file's content, or null when there is no such file.</summary>
    Task<Stream?> OpenReadAsync(string relativePath, CancellationToken cancellationToken);

    /// <summary>Deletes a file; no error when it is already gone (another instance may have deleted it).</summary>
    Task DeleteAsync(string relativePath, CancellationToken cancellationToken);

    /// <summary>Moves a file into <see cref="ImpexPath.Quarantine"/> (a numbered name if one is there already); answers where it went.</summary>
    Task<string> QuarantineAsync(string relativePath, CancellationToken cancellationToken);

    /// <summary>Deletes temp files a crash left, written before <paramref name="olderThan"/>; answers how many.</summary>
    Task<int> RemoveAbandonedTempFilesAsync(DateTimeOffset olderThan, CancellationToken cancellationToken);
}

/// <summary>Calls on <see cref="IImpexShare"/> that every share does the same way.</summary>
public static class ImpexShareExtensions
{
    /// <summary>Writes one file (see <see cref="IImpexShare.WriteBatchAsync"/>), throwing its error.</summary>
    public static async Task WriteAsync(this IImpexShare share, string relativePath, string content, CancellationToken cancellationToken)
    {
        if ((await share.WriteBatchAsync([(relativePath, content)], cancellationToken).ConfigureAwait(false))[0] is { } error)
        {
            throw error;
        }
    }

    /// <summary>Deletes several files, <see cref="IImpexShare.Parallelism"/> at a time.</summary>
    public static Task DeleteAllAsync(this IImpexShare share, IEnumerable<string> relativePaths, CancellationToken cancellationToken) =>
        share.ForEachAsync([.. relativePaths], (path, ct) => new ValueTask(share.DeleteAsync(path, ct)), cancellationToken);

    /// <summary>
    /// Runs <paramref name="step"/> for each item, <see cref="IImpexShare.Parallelism"/> at a time; a
    /// share of one goes item after item without the scheduling of a parallel loop (a merge makes
    /// 100,000 such calls on a folder).
    /// </summary>
    public static async Task ForEachAsync<T>(this IImpexShare share, IReadOnlyList<T> items, Func<T, CancellationToken, ValueTask> step, CancellationToken cancellationToken)
    {
        if (share.Parallelism <= 1)
        {
            foreach (var item in items)
            {
                await step(item, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = share.Parallelism, CancellationToken = cancellationToken }, step).ConfigureAwait(false);
    }
}
