using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace OrderCapture.OciSimulator.State;

/// <summary>A full export: its status and, once written, its NDJSON file with hash and size.</summary>
public sealed record SimExport(string Id, string Status, string? FilePath, string? Sha256, long Size, long RecordCount);

/// <summary>Runs exports asynchronously: snapshot at once, file written in the background.</summary>
public sealed class ExportStore(SimulatorState state, SimulatorOptions options) : IDisposable
{
    private readonly ConcurrentDictionary<string, SimExport> _exports = new(StringComparer.Ordinal);
    private readonly string _folder = Directory.CreateTempSubdirectory("oci-sim-exports-").FullName;

    public SimExport? Get(string id) => _exports.GetValueOrDefault(id);

    public string Start(IReadOnlyList<SimPlace> places)
    {
        var id = Guid.NewGuid().ToString("N");
        var snapshot = state.Snapshot(places, out var deltaToken);
        _exports[id] = new SimExport(id, "RUNNING", null, null, 0, 0);
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(options.ExportDelay, state.TimeProvider).ConfigureAwait(false);
                _exports[id] = await WriteAsync(id, snapshot, deltaToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                _exports[id] = new SimExport(id, "FAILED", null, null, 0, 0);
            }
        });
        return id;
    }

    private async Task<SimExport> WriteAsync(string id, IReadOnlyList<(SimPlace Place, IReadOnlyList<(string Sku, SimFigures Figures)> Records)> snapshot, string deltaToken)
    {
        var path = Path.Combine(_folder, id + ".ndjson");
        long count = 0;
        await using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
        await using (var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16))
        {
            foreach (var (place, records) in snapshot)
            {
                await writer.WriteLineAsync(place.Type == SimPlaceType.Group
                    ? $"{{\"groupId\":{JsonSerializer.Serialize(place.Id)}}}"
                    : $"{{\"locationId\":{JsonSerializer.Serialize(place.Id)}}}").ConfigureAwait(false);
                foreach (var (sku, f) in records)
                {
                    await writer.WriteLineAsync(RecordLine(place, sku, f)).ConfigureAwait(false);
                    count++;
                }
            }

            await writer.WriteLineAsync($"{{\"deltaToken\":{JsonSerializer.Serialize(deltaToken)}}}").ConfigureAwait(false);
        }

        await using var read = File.OpenRead(path);
        var hash = Convert.ToHexString(await SHA256.HashDataAsync(read).ConfigureAwait(false));
        return new SimExport(id, "COMPLETED", path, hash, new FileInfo(path).Length, count);
    }

    private static string RecordLine(SimPlace place, string sku, SimFigures f)
    {
        var inv = CultureInfo.InvariantCulture;
        var line = new StringBuilder(160);
        line.Append(inv, $"{{\"sku\":{JsonSerializer.Serialize(sku)},\"onHand\":{f.OnHand},\"reserved\":{f.Reserved},\"atf\":{f.Atf},\"ato\":{f.Ato},\"safetyStockCount\":{f.SafetyStockCount},\"effectiveDate\":null,\"futures\":[]");
        if (place.Type == SimPlaceType.Group)
        {
            line.Append(inv, $",\"groupReserved\":{f.GroupReserved},\"sharedGroupReserved\":0");
        }

        return line.Append('}').ToString();
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
