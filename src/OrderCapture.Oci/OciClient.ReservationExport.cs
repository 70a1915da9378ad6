using OrderCapture.Oci.Api;

namespace OrderCapture.Oci;

public sealed partial class OciClient
{
    /// <summary>Documents handed to the consumer per call while reading a reservations export.</summary>
    public const int ReservationExportBatchSize = 1_000;

    public async Task<OciResult<ReservationExportResult>> ExportReservationsAsync(
        ReservationExportQuery query,
        Func<IReadOnlyList<ReservationDocument>, CancellationToken, ValueTask> onBatch,
        IProgress<ExportProgress>? progress,
        CancellationToken cancellationToken)
    {
        return await RunExportAsync(
            OciExportKind.Reservations,
            ct => impex.StartReservationExportAsync(ReservationExportRequest.From(query), ct),
            progress,
            async (exportId, file) =>
            {
                var read = await ReservationExportReader.ReadAsync(file, onBatch, cancellationToken).ConfigureAwait(false);
                if (read is not OciResult<long>.Success { Value: var count })
                {
                    return read.Cast<ReservationExportResult>();
                }

                // Exports are OCI's to keep; delete ours once read rather than leave it until it expires.
                var deleted = await CallAsync(ct => impex.DeleteExportAsync(OciExportKind.Reservations, exportId, ct), (_, _) => Task.FromResult(true), cancellationToken).ConfigureAwait(false);
                return new OciResult<ReservationExportResult>.Success(new ReservationExportResult(count, deleted is OciResult<bool>.Success));
            },
            cancellationToken).ConfigureAwait(false);
    }
}
