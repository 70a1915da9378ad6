using System.IO.Abstractions;
using System.Text;
using Microsoft.Extensions.Options;
using OrderCapture.Core.Sites;

namespace OrderCapture.Core.Reports;

/// <summary>
/// The reports folder <c>{ImpexRoot}/src/continuous_order_capture/</c> on the IMPEX share.
/// Every write is atomic: a temp file in the same folder, flushed to disk, then renamed.
/// </summary>
public sealed class ImpexShare(IFileSystem fileSystem, IOptions<OrderCaptureOptions> options)
{
    public IFileSystem FileSystem => fileSystem;

    public string ReportsFolder { get; } = fileSystem.Path.GetFullPath(
        fileSystem.Path.Combine(options.Value.ImpexRoot, "src", "continuous_order_capture"));

    /// <summary>Resolves a relative report path, refusing anything that would land outside the reports folder.</summary>
    public string Resolve(string relativePath)
    {
        var full = fileSystem.Path.GetFullPath(fileSystem.Path.Combine(ReportsFolder, relativePath));
        if (!full.StartsWith(ReportsFolder + fileSystem.Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Report path escapes the IMPEX reports folder: {relativePath}");
        }

        return full;
    }

    public async Task WriteAtomicAsync(string relativePath, string content, CancellationToken cancellationToken)
    {
        var target = Resolve(relativePath);
        var folder = fileSystem.Path.GetDirectoryName(target)!;
        fileSystem.Directory.CreateDirectory(folder);
        var temp = fileSystem.Path.Combine(folder, $".tmp-{Guid.NewGuid():N}");
        try
        {
            await using (var stream = fileSystem.FileStream.Create(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                await stream.WriteAsync(Encoding.UTF8.GetBytes(content), cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (stream is FileStream file)
                {
                    file.Flush(flushToDisk: true); // durable before the rename makes it visible
                }
            }

            fileSystem.File.Move(temp, target, overwrite: true);
        }
        finally
        {
            if (fileSystem.File.Exists(temp))
            {
                fileSystem.File.Delete(temp);
            }
        }
    }
}
