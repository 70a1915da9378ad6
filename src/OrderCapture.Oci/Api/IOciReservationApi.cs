using Refit;

namespace OrderCapture.Oci.Api;

/// <summary>
/// OCI's reservation API (OCI-CONTRACT.md "Reservations"), relative to
/// <c>/inventory/reservation/v1/organizations/{organizationId}</c>. Every call answers with the raw
/// response: <see cref="OciHttp"/> reads it into the contract's outcomes, body timeouts included.
/// </summary>
public interface IOciReservationApi
{
    /// <summary>Creates the document, or answers as the first time when the same id comes again.</summary>
    [Put("/reservation-documents/{reservationId}")]
    Task<HttpResponseMessage> CreateAsync(string reservationId, [Body] ReservationRequest document, CancellationToken cancellationToken);

    /// <summary>Cancels the document; cancelling a cancelled document changes nothing.</summary>
    [Patch("/reservation-documents/{reservationId}")]
    [Idempotent]
    Task<HttpResponseMessage> CancelAsync(string reservationId, [Body] CancelReservationRequest cancel, CancellationToken cancellationToken);

    /// <summary>Releases reserved quantities; every record carries its own idempotence id.</summary>
    [Post("/releases")]
    [Idempotent]
    Task<HttpResponseMessage> ReleaseAsync([Body] ReleaseRequest release, CancellationToken cancellationToken);
}
