using System.Text.Json;
using OrderCapture.Core.Oci.Contracts;

namespace OrderCapture.Oci;

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
        return await RunExportAsync(
            ReservationExports,
            JsonSerializer.SerializeToUtf8Bytes(ReservationExportRequest.From(query), OciJsonContext.Default.ReservationExportRequest),
            progress,
            async (exportId, file) =>
            {
                var read = await ReservationExportReader.ReadAsync(file, onBatch, cancellationToken).ConfigureAwait(false);
                if (read is not OciResult<long>.Success { Value: var count })
                {
                    return read.Cast<ReservationExportResult>();
                }

                // Exports are OCI's to keep; delete ours once read rather than leave it until it expires.
                var deleted = await SendAsync(HttpMethod.Delete, $"{ReservationExports}/{Uri.EscapeDataString(exportId)}", null, idempotent: true, (_, _) => Task.FromResult(true), cancellationToken).ConfigureAwait(false);
                return new OciResult<ReservationExportResult>.Success(new ReservationExportResult(count, deleted is OciResult<bool>.Success));
            },
            cancellationToken).ConfigureAwait(false);
    }
}
