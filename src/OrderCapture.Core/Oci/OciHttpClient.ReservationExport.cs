using System.Text.Json;
using OrderCapture.Core.Oci.Contracts;

namespace OrderCapture.Core.Oci;

public sealed partial class OciHttpClient
{
    /// <summary>Documents handed to the consumer per call while reading a reservations export.</summary>
    public const int ReservationExportBatchSize = 1_000;

    private string ReservationExports => $"{ImpexBase}/reservations/exports";

    public async Task<OciResult<ReservationExportResult>> ExportReservationsAsync(
        ReservationExportQuery query,
        Func<IReadOnlyList<ReservationDocument>, CancellationToken, ValueTask> onBatch,
        IProgress<ExportProgress>? progress,
        CancellationToken cancellationToken)
    {
        var initiated = await SendJsonAsync(
            HttpMethod.Post,
            ReservationExports,
            JsonSerializer.SerializeToUtf8Bytes(ReservationExportRequest.From(query), OciJsonContext.Default.ReservationExportRequest),
            idempotent: false,
            OciJsonContext.Default.ExportInitiated,
            cancellationToken).ConfigureAwait(false);
        if (initiated is not OciResult<ExportInitiated>.Success { Value.ExportId: { Length: > 0 } exportId })
        {
            return initiated is OciResult<ExportInitiated>.Success
                ? new OciResult<ReservationExportResult>.Outage("malformed answer: export without id")
                : initiated.Cast<ReservationExportResult>();
        }

        var status = await WaitForExportAsync(ReservationExports, exportId, progress, cancellationToken).ConfigureAwait(false);
        if (status is not OciResult<ExportStatus>.Success { Value: var completed })
        {
            return status.Cast<ReservationExportResult>();
        }

        var tempFile = Path.Combine(Path.GetTempPath(), $"oci-reservations-{Guid.NewGuid():N}.ndjson");
        try
        {
            var downloaded = await DownloadAsync(ReservationExports, exportId, completed, tempFile, cancellationToken).ConfigureAwait(false);
            if (downloaded is not OciResult<bool>.Success)
            {
                return downloaded.Cast<ReservationExportResult>();
            }

            var read = await ReservationExportReader.ReadAsync(tempFile, onBatch, cancellationToken).ConfigureAwait(false);
            if (read is not OciResult<long>.Success { Value: var count })
            {
                return read.Cast<ReservationExportResult>();
            }

            // Exports are OCI's to keep; delete ours once read rather than leave it until it expires.
            var deleted = await SendAsync(HttpMethod.Delete, $"{ReservationExports}/{Uri.EscapeDataString(exportId)}", null, idempotent: true, (_, _) => Task.FromResult(true), cancellationToken).ConfigureAwait(false);
            return new OciResult<ReservationExportResult>.Success(new ReservationExportResult(count, deleted is OciResult<bool>.Success));
        }
        finally
        {
            File.Delete(tempFile);
        }
    }
}
