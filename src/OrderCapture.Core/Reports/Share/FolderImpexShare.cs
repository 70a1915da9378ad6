using System.IO.Abstractions;
using System.Text;
using Microsoft.Extensions.Options;
using OrderCapture.Core.Sites;

namespace OrderCapture.Core.Reports.Share;

/// <summary>
/// The reports folder <c>{ImpexRoot}/src/continuous_order_capture/</c> on a local or mounted
/// folder. Every write is atomic: a temp file in the same folder, flushed to disk, then renamed.
/// </summary>
public sealed class FolderImpexShare(IFileSystem fileSystem, IOptions<OrderCaptureOptions> options, IDiskBarrier? barrier = null) : IImpexShare
{
    private readonly IDiskBarrier _barrier = barrier ?? DiskBarrier.Instance;

    public string ReportsFolder { get; } = fileSystem.Path.GetFullPath(
        fileSystem.Path.Combine(options.Value.ImpexRoot, "src", "continuous_order_capture"));

    public string Location => ReportsFolder;

    /// <summary>One disk: calls at once only queue for it.</summary>
    public int Parallelism => 1;

    /// <summary>The full path of a checked relative report path (<see cref="ImpexPath.Check"/>).</summary>
    public string Resolve(string relativePath)
    {
        var (folder, name) = ImpexPath.Check(relativePath);
        return folder.Length == 0 ? fileSystem.Path.Combine(ReportsFolder, name) : fileSystem.Path.Combine(ReportsFolder, folder, name);
    }

    private string FolderPath(string folder) =>
        ImpexPath.CheckFolder(folder).Length == 0 ? ReportsFolder : fileSystem.Path.Combine(ReportsFolder, folder);

    public Task<IReadOnlyList<ImpexFile>> ListAsync(string folder, CancellationToken cancellationToken)
    {
        var path = FolderPath(folder);
        var files = new List<ImpexFile>();
        foreach (var file in fileSystem.Directory.Exists(path) ? fileSystem.DirectoryInfo.New(path).EnumerateFiles() : [])
        {
            try
            {
                if (!ImpexPath.IsTemp(file.Name))
                {
                    files.Add(new ImpexFile(file.Name, file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero)));
                }
            }
            catch (FileNotFoundException)
            {
                // Merged and deleted by another instance while this one listed: not there any more.
            }
        }

        return Task.FromResult<IReadOnlyList<ImpexFile>>(files);
    }

    public Task<Stream?> OpenReadAsync(string relativePath, CancellationToken cancellationToken)
    {
        try
        {
            return Task.FromResult<Stream?>(fileSystem.File.OpenRead(Resolve(relativePath)));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task DeleteAsync(string relativePath, CancellationToken cancellationToken)
    {
        fileSystem.File.Delete(Resolve(relativePath)); // no error if another instance deleted it first
        return Task.CompletedTask;
    }

    /// <summary>
    /// Deletes temp files a crash left behind (written before <paramref name="olderThan"/>: a write
    /// renames its temp file within a second, so one that old was abandoned). Answers how many.
    /// </summary>
    public Task<int> RemoveAbandonedTempFilesAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var folder in new[] { ReportsFolder, fileSystem.Path.Combine(ReportsFolder, ImpexPath.Work) }.Where(fileSystem.Directory.Exists))
        {
            foreach (var temp in fileSystem.Directory.EnumerateFiles(folder, ImpexPath.TempPrefix + "*").Where(t => fileSystem.File.GetLastWriteTimeUtc(t) < olderThan.UtcDateTime))
            {
                fileSystem.File.Delete(temp);
                removed++;
            }
        }

        return Task.FromResult(removed);
    }

    public Task<string> QuarantineAsync(string relativePath, CancellationToken cancellationToken)
    {
        var path = Resolve(relativePath);
        var folder = fileSystem.Path.Combine(ReportsFolder, ImpexPath.Quarantine);
        fileSystem.Directory.CreateDirectory(folder);
        var name = fileSystem.Path.GetFileName(path);
        var target = fileSystem.Path.Combine(folder, name);
        for (var n = 1; fileSystem.File.Exists(target); n++)
        {
            target = fileSystem.Path.Combine(folder, $"{name}.{n}");
        }

        fileSystem.File.Move(path, target);
        return Task.FromResult(target);
    }

    /// <summary>
    /// Writes several files, each atomically, behind two disk barriers for the whole batch: every
    /// temp file is written, the file system is flushed once (syncfs on Linux; elsewhere each file
    /// is flushed), the files are renamed, and each folder touched is flushed once so the renames
    /// survive a crash. One device flush per file made report writing stall order intake on the
    /// same disk. Answers one error (or null) per file.
    /// </summary>
    /// <remarks>
    /// Synchronous underneath: a report is a few hundred bytes, and .NET's asynchronous file calls on
    /// Linux are a blocking call on another pool thread, three thread hops per file for no gain.
    /// </remarks>
    public Task<IReadOnlyList<Exception?>> WriteBatchAsync(IReadOnlyList<(string RelativePath, string Content)> files, CancellationToken cancellationToken)
    {
        var errors = new Exception?[files.Count];
        var staged = new List<Staged>(files.Count);
        var folders = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            for (var i = 0; i < files.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var file = files[i];
                Fails(i, () =>
                {
                    var target = Resolve(file.RelativePath);
                    var folder = fileSystem.Path.GetDirectoryName(target)!;
                    if (folders.Add(folder))
                    {
                        fileSystem.Directory.CreateDirectory(folder);
                    }

                    var temp = fileSystem.Path.Combine(folder, $"{ImpexPath.TempPrefix}{Guid.NewGuid():N}");
                    var stream = fileSystem.FileStream.New(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                    var entry = new Staged(i, temp, target, folder) { Stream = stream };
                    staged.Add(entry);
                    stream.Write(Encoding.UTF8.GetBytes(file.Content));
                    stream.Flush();
                });
            }

            // One device flush for the batch where the platform has one (syncfs), else one per file.
            // A barrier that fails fails the files behind it, not the batch: each is retried on its own.
            var flushEach = staged.Count == 1 || !_barrier.CanFlushFileSystem;
            if (!flushEach)
            {
                BehindBarrier(folder => _barrier.FlushFileSystem(folder));
            }

            foreach (var entry in staged)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Fails(entry.Index, () =>
                {
                    if (flushEach)
                    {
                        entry.Stream!.Flush(flushToDisk: true); // durable before the rename makes it visible
                    }

                    entry.Stream!.Dispose();
                    entry.Stream = null;
                    fileSystem.File.Move(entry.Temp, entry.Target, overwrite: true);
                    entry.Renamed = true;
                });
            }

            // A rename not yet durable is not delivered: the file is written again, whole, under the same name.
            BehindBarrier(folder => _barrier.FlushFolder(folder));
        }
        finally
        {
            foreach (var entry in staged.Where(e => !e.Renamed))
            {
                entry.Stream?.Dispose();
                if (fileSystem.File.Exists(entry.Temp))
                {
                    fileSystem.File.Delete(entry.Temp);
                }
            }
        }

        return Task.FromResult<IReadOnlyList<Exception?>>(errors);

        void BehindBarrier(Action<string> flush)
        {
            foreach (var byFolder in staged.Where(f => errors[f.Index] is null).GroupBy(f => f.Folder, StringComparer.Ordinal))
            {
                try
                {
                    flush(byFolder.Key);
                }
                catch (IOException ex)
                {
                    foreach (var file in byFolder)
                    {
                        errors[file.Index] = ex;
                    }
                }
            }
        }

        void Fails(int index, Action step)
        {
            if (errors[index] is not null)
            {
                return;
            }

            try
            {
                step();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                errors[index] = ex;
            }
        }
    }

    /// <summary>A file of a batch between its temp file and its rename.</summary>
    private sealed record Staged(int Index, string Temp, string Target, string Folder)
    {
        public FileSystemStream? Stream { get; set; }

        public bool Renamed { get; set; }
    }
}
