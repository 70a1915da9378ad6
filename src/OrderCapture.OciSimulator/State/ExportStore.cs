using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace OrderCapture.OciSimulator.State;

/// <summary>The two kinds of impex export the simulator serves; an id of one kind is unknown to the other's paths.</summary>
public enum SimExportKind
{
    Availability,
    Reservations,
    LocationGraph,
}

/// <summary>An export: its status and, once written, its NDJSON file with hash and size.</summary>
public sealed record SimExport(string Id, SimExportKind Kind, string Status, string? FilePath, string? Sha256, long Size, long RecordCount, DateTimeOffset StartedAt, DateTimeOffset? EndedAt = null);

/// <summary>
/// Runs exports asynchronously: the caller takes its snapshot at once, the file is written in the
/// background after <see cref="SimulatorOptions.ExportDelay"/>. The file formats live with their
/// kinds (<see cref="AvailabilityExportFile"/>, <see cref="ReservationExportFile"/>).
/// </summary>
public sealed class ExportStore(SimulatorState state, SimulatorOptions options) : IDisposable
{
    private readonly ConcurrentDictionary<string, SimExport> _exports = new(StringComparer.Ordinal);
    private readonly string _folder = Directory.CreateTempSubdirectory("oci-sim-exports-").FullName;

    public SimExport? Get(string id, SimExportKind kind) => _exports.GetValueOrDefault(id) is { } export && export.Kind == kind ? export : null;

    /// <summary>Starts an export whose file <paramref name="write"/> fills, answering how many records it wrote.</summary>
    public string Start(SimExportKind kind, Func<TextWriter, Task<long>> write)
    {
        var id = Guid.NewGuid().ToString("N");
        var started = state.TimeProvider.GetUtcNow();
        _exports[id] = new SimExport(id, kind, "RUNNING", null, null, 0, 0, started);
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(options.ExportDelay, state.TimeProvider).ConfigureAwait(false);
                var written = await WriteAsync(id, write).ConfigureAwait(false);
                // A delete while the file was being written wins: the export stays gone.
                if (_exports.TryGetValue(id, out var running))
                {
                    _exports.TryUpdate(id, running with { Status = "COMPLETED", FilePath = written.Path, Sha256 = written.Hash, Size = written.Size, RecordCount = written.Count, EndedAt = state.TimeProvider.GetUtcNow() }, running);
                }
            }
            catch (IOException)
            {
                if (_exports.TryGetValue(id, out var failed))
                {
                    _exports.TryUpdate(id, failed with { Status = "FAILED" }, failed);
                }
            }
        });
        return id;
    }

    /// <summary>Deletes a finished export and its file: 204, 404 for an unknown id, 409 while it runs.</summary>
    public int Delete(string id, SimExportKind kind)
    {
        if (Get(id, kind) is not { } export)
        {
            return 404;
        }

        if (export.Status == "RUNNING")
        {
            return 409;
        }

        _exports.TryRemove(id, out _);
        if (export.FilePath is { } path)
        {
            File.Delete(path);
        }

        return 204;
    }

    private async Task<(string Path, string Hash, long Size, long Count)> WriteAsync(string id, Func<TextWriter, Task<long>> write)
    {
        var path = Path.Combine(_folder, id + ".ndjson");
        long count;
        await using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
        await using (var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16))
        {
            count = await write(writer).ConfigureAwait(false);
        }

        await using var read = File.OpenRead(path);
        var hash = Convert.ToHexString(await SHA256.HashDataAsync(read).ConfigureAwait(false));
        return (path, hash, new FileInfo(path).Length, count);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a download in flight; the temp folder is cleaned by the OS later.
        }
    }
}
