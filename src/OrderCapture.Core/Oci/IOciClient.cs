using OrderCapture.Core.Oci.Contracts;

namespace OrderCapture.Core.Oci;

/// <summary>
/// The OCI operations the worker uses, one method per operation, shaped as a Refit interface
/// would be. Every method answers with an <see cref="OciResult{T}"/>; only a cancellation the
/// caller asked for escapes as an exception.
/// </summary>
public interface IOciClient
{
    /// <summary><c>PUT /reservation-documents/{reservationId}</c>. Replaying the same body is idempotent.</summary>
    Task<OciResult<ReservationResponse>> CreateReservationAsync(string reservationId, ReservationRequest request, CancellationToken cancellationToken);

    /// <summary><c>PATCH /reservation-documents/{reservationId}</c> with status CANCELLED.</summary>
    Task<OciResult<CancelOutcome>> CancelReservationAsync(string reservationId, CancellationToken cancellationToken);

    /// <summary><c>POST /releases</c>: releases quantities without a document; errors are reported per record.</summary>
    Task<OciResult<ReleaseResponse>> ReleaseAsync(ReleaseRequest request, CancellationToken cancellationToken);

    /// <summary>Availability for every SKU at every place, split into calls of at most 100 SKU×place pairs.</summary>
    Task<OciResult<IReadOnlyList<AvailabilityRecord>>> GetAvailabilityAsync(IReadOnlyCollection<string> skus, IReadOnlyCollection<PlaceRef> places, CancellationToken cancellationToken);

    /// <summary>
    /// Follows the delta feed from <paramref name="deltaToken"/> while OCI says to query again,
    /// handing each page to <paramref name="onPage"/>; answers the token to continue from.
    /// A dead token is <c>Rejected</c> with error code <c>ExpiredDeltaLink</c>.
    /// </summary>
    Task<OciResult<string>> GetDeltasAsync(string deltaToken, Func<IReadOnlyList<DeltaRecord>, CancellationToken, ValueTask> onPage, CancellationToken cancellationToken);

    /// <summary>
    /// Full export of the given places: initiate, poll, download, verify SHA-256 and size, then
    /// hand the records over in batches. Nothing is handed over unless the file verifies.
    /// </summary>
    Task<OciResult<ExportResult>> ExportAsync(IReadOnlyCollection<PlaceRef> places, Func<IReadOnlyList<AvailabilityRecord>, CancellationToken, ValueTask> onBatch, CancellationToken cancellationToken);

    /// <summary>
    /// Reservations export (impex): initiate for open or closed documents in a time window, poll
    /// (each status told to <paramref name="progress"/>), download, verify hash and size, hand the
    /// documents over in batches, then delete the export. Read-only at OCI: it creates no document.
    /// </summary>
    Task<OciResult<ReservationExportResult>> ExportReservationsAsync(ReservationExportQuery query, Func<IReadOnlyList<ReservationDocument>, CancellationToken, ValueTask> onBatch, IProgress<ExportProgress>? progress, CancellationToken cancellationToken);

    /// <summary>
    /// Location-graph export (impex): initiate, poll, download, verify hash and size, read the one
    /// JSON document, then delete the export. Answers the graph with <paramref name="readAt"/> as its time.
    /// </summary>
    Task<OciResult<Places.LocationGraph>> ExportLocationGraphAsync(DateTimeOffset readAt, CancellationToken cancellationToken);
}
