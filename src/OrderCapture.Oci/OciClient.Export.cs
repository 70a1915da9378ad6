using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using OrderCapture.Oci.Api;

namespace OrderCapture.Oci;

public sealed partial class OciClient
{
    /// <summary>Records handed to the consumer per call while reading an export file.</summary>
    public const int ExportBatchSize = 5_000;

    public async Task<OciResult<ExportResult>> ExportAsync(
        IReadOnlyCollection<PlaceRef> places,
        Func<IReadOnlyList<AvailabilityRecord>, CancellationToken, ValueTask> onBatch,
        CancellationToken cancellationToken)
    {
        // The contract forbids groups and locations in one export, so a mixed set is two exports.
        string? lastToken = null;
        long count = 0;
        foreach (var byType in places.Distinct().GroupBy(p => p.Type))
        {
            var result = await ExportOneKindAsync(byType.Key, [.. byType.Select(p => p.Id)], onBatch, cancellationToken).ConfigureAwait(false);
            if (result is not OciResult<ExportResult>.Success { Value: var done })
            {
                return result;
            }

            count += done.RecordCount;
            lastToken = done.DeltaToken;
        }

        return lastToken is null
            ? new OciResult<ExportResult>.Rejected(400, "InvalidRequest", "nothing to export")
            : new OciResult<ExportResult>.Success(new ExportResult(count, lastToken));
    }

    private async Task<OciResult<ExportResult>> ExportOneKindAsync(
        PlaceType type,
        IReadOnlyList<string> ids,
        Func<IReadOnlyList<AvailabilityRecord>, CancellationToken, ValueTask> onBatch,
        CancellationToken cancellationToken)
    {
        var objects = type == PlaceType.Group ? new ExportObjects { Groups = ids } : new ExportObjects { Locations = ids };
        return await RunExportAsync(
            OciExportKind.Availability,
            ct => impex.StartAvailabilityExportAsync(new ExportRequest(objects), ct),
            progress: null,
            (_, file) => ExportFileReader.ReadAsync(file, onBatch, cancellationToken),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One impex export of either kind: start it with <paramref name="start"/>, wait for it, download
    /// and verify its file into a temp file that <paramref name="read"/> reads (given the export id), then delete the file.
    /// </summary>
    private async Task<OciResult<T>> RunExportAsync<T>(
        string kind,
        Func<CancellationToken, Task<HttpResponseMessage>> start,
        IProgress<ExportProgress>? progress,
        Func<string, string, Task<OciResult<T>>> read,
        CancellationToken cancellationToken)
    {
        var initiated = await CallAsync(start, OciJsonContext.Default.ExportInitiated, cancellationToken).ConfigureAwait(false);
        if (initiated is not OciResult<ExportInitiated>.Success { Value.ExportId: { Length: > 0 } exportId })
        {
            return initiated is OciResult<ExportInitiated>.Success
                ? new OciResult<T>.Outage("malformed answer: export without id")
                : initiated.Cast<T>();
        }

        var status = await WaitForExportAsync(kind, exportId, progress, cancellationToken).ConfigureAwait(false);
        if (status is not OciResult<ExportStatus>.Success { Value: var completed })
        {
            return status.Cast<T>();
        }

        var tempFile = Path.Combine(Path.GetTempPath(), $"oci-export-{Guid.NewGuid():N}.ndjson");
        try
        {
            var downloaded = await DownloadAsync(kind, exportId, completed, tempFile, cancellationToken).ConfigureAwait(false);
            return downloaded is OciResult<bool>.Success
                ? await read(exportId, tempFile).ConfigureAwait(false)
                : downloaded.Cast<T>();
        }
        finally
        {
            File.Delete(tempFile);
        }
    }

    /// <summary>
    /// Polls an export (of either <paramref name="kind"/>) until it completes,
    /// fails, or <see cref="OciOptions.ExportTimeout"/> passes; tells <paramref name="progress"/> each status seen.
    /// </summary>
    private async Task<OciResult<ExportStatus>> WaitForExportAsync(string kind, string exportId, IProgress<ExportProgress>? progress, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetUtcNow();
        var deadline = started + _options.ExportTimeout;
        while (true)
        {
            var status = await CallAsync(ct => impex.GetExportStatusAsync(kind, exportId, ct), OciJsonContext.Default.ExportStatus, cancellationToken).ConfigureAwait(false);
            if (status is OciResult<ExportStatus>.Success { Value: var seen })
            {
                progress?.Report(new ExportProgress(exportId, seen.Status, seen.Export?.RecordsProcessedCount ?? 0, timeProvider.GetUtcNow() - started));
            }

            switch (status)
            {
                case OciResult<ExportStatus>.Success { Value.Status: "COMPLETED" }:
                    return status;
                case OciResult<ExportStatus>.Success { Value.Status: "STAGING" or "WAITING" or "SUBMITTED" or "PENDING" or "RUNNING" }:
                    break;
                case OciResult<ExportStatus>.Success { Value.Status: var other }:
                    return new OciResult<ExportStatus>.Rejected(200, "ExportFailed", $"export {exportId} ended {other}");
                default:
                    return status;
            }

            if (timeProvider.GetUtcNow() >= deadline)
            {
                return new OciResult<ExportStatus>.Outage($"export {exportId} did not complete within {_options.ExportTimeout}");
            }

            await Task.Delay(_options.ExportPollInterval, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Whether <paramref name="link"/> (absolute, or relative to OCI's base) points at the configured OCI origin.</summary>
    private bool OnOciHost(string link, [NotNullWhen(true)] out Uri? target)
    {
        target = null;
        return _options.BaseUrl is { } origin && Uri.TryCreate(origin, link, out target)
            && Uri.Compare(target, origin, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
    }

    private async Task<OciResult<bool>> DownloadAsync(string kind, string exportId, ExportStatus status, string tempFile, CancellationToken cancellationToken)
    {
        // The bearer token goes with the download: follow the link only on the OCI host itself
        // (scheme, host and port), else fetch the file from the contract's own path there. A link
        // is a whole URL, which a Refit route cannot take: it goes through the downloads client,
        // whose handlers are the same as every OCI API's.
        Func<CancellationToken, Task<HttpResponseMessage>> download =
            status.Download?.DownloadLink is { Length: > 0 } link && OnOciHost(link, out var linkOnOci)
                ? ct => httpClients.CreateClient(OciServiceCollectionExtensions.DownloadsClient).GetAsync(linkOnOci, HttpCompletionOption.ResponseHeadersRead, ct)
                : ct => impex.GetExportFileAsync(kind, exportId, ct);
        // The contract names SHA-256 and SHA-512; anything else (or nothing) is checked as SHA-256 and fails if it is not.
        var algorithm = string.Equals(status.Validation?.FileHashType, "SHA-512", StringComparison.OrdinalIgnoreCase) ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256;
        var result = await CallAsync(download, async (response, ct) =>
        {
            await using var source = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            await using var target = new FileStream(tempFile, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            using var sha = IncrementalHash.CreateHash(algorithm);
            var buffer = new byte[1 << 16];
            long size = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
            {
                sha.AppendData(buffer, 0, read);
                await target.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                size += read;
            }

            return (Hash: Convert.ToHexString(sha.GetHashAndReset()), Size: size);
        }, cancellationToken, bodyTimeout: _options.ExportTimeout).ConfigureAwait(false);

        if (result is not OciResult<(string Hash, long Size)>.Success { Value: var got })
        {
            return result.Cast<bool>();
        }

        var expected = status.Validation;
        if (expected?.FileHash is not { Length: > 0 } hash || !string.Equals(hash, got.Hash, StringComparison.OrdinalIgnoreCase)
            || (expected.FileSize > 0 && expected.FileSize != got.Size))
        {
            return new OciResult<bool>.Outage($"export {exportId} failed verification ({algorithm.Name} or size mismatch)");
        }

        return new OciResult<bool>.Success(true);
    }
}
