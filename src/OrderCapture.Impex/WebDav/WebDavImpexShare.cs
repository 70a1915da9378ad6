using System.Collections.Concurrent;
using System.Net;
using System.Text;
using OrderCapture.Core.Reports.Share;

namespace OrderCapture.Impex.WebDav;

/// <summary>
/// The reports folder on a B2C Commerce instance's IMPEX share over WebDAV. A file is written
/// under a temp name (PUT), renamed onto its name (MOVE, <c>Overwrite: T</c>), and the length the
/// server then holds under the name is checked (HEAD) before the write counts as delivered.
/// </summary>
/// <remarks>
/// What is guaranteed where the server's MOVE is not a rename (the instance does not document it):
/// the name never receives a streamed upload, only a finished file; a write is reported done only
/// once the name holds the full length, so work files are never deleted behind a short daily file;
/// a MOVE whose answer was lost (the retry finds no source) counts as done only if that check passes.
/// nginx and Apache's mod_dav_fs rename within one file system: there a reader sees the old file or
/// the new one, never a mix.
/// </remarks>
public sealed class WebDavImpexShare(WebDavClient client, ImpexOptions options) : IImpexShare
{
    private readonly ConcurrentDictionary<string, bool> _foldersMade = new(StringComparer.Ordinal);

    public string Location => client.ReportsUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');

    public int Parallelism => options.MaxParallelRequests;

    public async Task<IReadOnlyList<Exception?>> WriteBatchAsync(IReadOnlyList<(string RelativePath, string Content)> files, CancellationToken cancellationToken)
    {
        var errors = new Exception?[files.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, files.Count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            try
            {
                await WriteOneAsync(files[i].RelativePath, Encoding.UTF8.GetBytes(files[i].Content), ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException)
            {
                errors[i] = ex;
            }
        }).ConfigureAwait(false);
        return errors;
    }

    private async Task WriteOneAsync(string relativePath, byte[] content, CancellationToken cancellationToken)
    {
        var (folder, _) = ImpexPath.Check(relativePath);
        var temp = ImpexPath.NewWebTemp(folder);
        await EnsureFolderAsync(folder, cancellationToken).ConfigureAwait(false);
        if (!await client.PutAsync(temp, content, cancellationToken).ConfigureAwait(false))
        {
            // The folder went away since it was made (deleted by hand): make it again, once.
            _foldersMade.Clear();
            await EnsureFolderAsync(folder, cancellationToken).ConfigureAwait(false);
            if (!await client.PutAsync(temp, content, cancellationToken).ConfigureAwait(false))
            {
                throw new ImpexShareException($"the share has no folder for {relativePath} even after creating it: check OrderCapture:Impex:WebDavUrl.");
            }
        }

        try
        {
            var moved = await client.MoveAsync(temp, relativePath, overwrite: true, cancellationToken).ConfigureAwait(false);
            if (moved == HttpStatusCode.PreconditionFailed)
            {
                throw new ImpexShareException($"the share would not replace {relativePath} (412 to MOVE with Overwrite: T).", 412);
            }

            var held = await client.LengthAsync(relativePath, cancellationToken).ConfigureAwait(false);
            if (held != content.Length)
            {
                throw new ImpexShareException(
                    $"after renaming, {relativePath} holds {(held is null ? "nothing" : $"{held} bytes")} where {content.Length} were written: the file is written again.");
            }
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            await DeleteQuietlyAsync(temp).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>MKCOL down to the folder (405: it exists), once per folder for the life of the share.</summary>
    private async Task EnsureFolderAsync(string folder, CancellationToken cancellationToken)
    {
        var impexRoot = new Uri(client.ReportsUrl, "../../");
        Uri[] chain = [new(impexRoot, "src/"), client.ReportsUrl, .. folder.Length == 0 ? Array.Empty<Uri>() : [client.UrlOf(folder + "/")]];
        foreach (var url in chain.Where(u => !_foldersMade.ContainsKey(u.AbsolutePath)))
        {
            await client.MakeFolderAsync(url, cancellationToken).ConfigureAwait(false);
            _foldersMade[url.AbsolutePath] = true;
        }
    }

    /// <summary>A temp file left by a failed write is debris; the next start's clean-up removes it if this cannot.</summary>
    private async Task DeleteQuietlyAsync(string temp)
    {
        try
        {
            await client.DeleteAsync(temp, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ImpexShareException)
        {
            // Left for RemoveAbandonedTempFilesAsync: it lists and removes temp files older than a few minutes.
        }
    }

    public async Task<IReadOnlyList<ImpexFile>> ListAsync(string folder, CancellationToken cancellationToken) =>
        [.. (await client.ListAsync(ImpexPath.CheckFolder(folder), cancellationToken).ConfigureAwait(false))
            .Where(e => !e.IsFolder && !ImpexPath.IsTemp(e.Name))
            .Select(e => new ImpexFile(e.Name, e.Length, e.LastModified))];

    public async Task<Stream?> OpenReadAsync(string relativePath, CancellationToken cancellationToken)
    {
        ImpexPath.Check(relativePath);
        return await client.GetAsync(relativePath, cancellationToken).ConfigureAwait(false) is { } content ? new MemoryStream(content, writable: false) : null;
    }

    public Task DeleteAsync(string relativePath, CancellationToken cancellationToken)
    {
        ImpexPath.Check(relativePath);
        return client.DeleteAsync(relativePath, cancellationToken);
    }

    public async Task<string> QuarantineAsync(string relativePath, CancellationToken cancellationToken)
    {
        var (_, name) = ImpexPath.Check(relativePath);
        await EnsureFolderAsync(ImpexPath.Quarantine, cancellationToken).ConfigureAwait(false);
        for (var n = 0; n < 1000; n++)
        {
            var target = ImpexPath.Join(ImpexPath.Quarantine, n == 0 ? name : $"{name}.{n}");
            switch (await client.MoveAsync(relativePath, target, overwrite: false, cancellationToken).ConfigureAwait(false))
            {
                case HttpStatusCode.PreconditionFailed:
                    continue; // a file of that name is in quarantine already: the next number
                case HttpStatusCode.NotFound:
                    throw new ImpexShareException($"{relativePath} was gone before it could be quarantined.", 404);
                default:
                    return client.UrlOf(target).GetLeftPart(UriPartial.Path);
            }
        }

        throw new ImpexShareException($"the quarantine holds 1,000 files named {name}: clear it.");
    }

    public async Task<int> RemoveAbandonedTempFilesAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var folder in new[] { ImpexPath.Reports, ImpexPath.Work })
        {
            foreach (var temp in (await client.ListAsync(folder, cancellationToken).ConfigureAwait(false)).Where(e => !e.IsFolder && e.Name.EndsWith(ImpexPath.WebTempSuffix, StringComparison.Ordinal) && e.LastModified < olderThan))
            {
                await client.DeleteAsync(ImpexPath.Join(folder, temp.Name), cancellationToken).ConfigureAwait(false);
                removed++;
            }
        }

        return removed;
    }
}
