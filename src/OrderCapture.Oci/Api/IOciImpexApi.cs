using Refit;

namespace OrderCapture.Oci.Api;

/// <summary>
/// OCI's impex API (OCI-CONTRACT.md "Exports"), relative to <c>/inventory/impex/v1/organizations/{organizationId}</c>.
/// The export kinds share their status, file and delete calls; <c>kind</c> is one of <see cref="OciExportKind"/>.
/// </summary>
public interface IOciImpexApi
{
    /// <summary>Starts an availability export. Not repeatable: a second POST starts a second export.</summary>
    [Post("/availability-records/exports")]
    Task<HttpResponseMessage> StartAvailabilityExportAsync([Body] ExportRequest request, CancellationToken cancellationToken);

    /// <summary>Starts a reservations export. Not repeatable, as above.</summary>
    [Post("/reservations/exports")]
    Task<HttpResponseMessage> StartReservationExportAsync([Body] ReservationExportRequest request, CancellationToken cancellationToken);

    /// <summary>Starts a location-graph export (no body). Not repeatable, as above.</summary>
    [Post("/location-graph/exports")]
    Task<HttpResponseMessage> StartLocationGraphExportAsync(CancellationToken cancellationToken);

    [Get("/{kind}/exports/{exportId}/status")]
    Task<HttpResponseMessage> GetExportStatusAsync(string kind, string exportId, CancellationToken cancellationToken);

    /// <summary>The export's file, when its download link is not on the OCI host.</summary>
    [Get("/{kind}/exports/{exportId}/file-content")]
    Task<HttpResponseMessage> GetExportFileAsync(string kind, string exportId, CancellationToken cancellationToken);

    [Delete("/{kind}/exports/{exportId}")]
    Task<HttpResponseMessage> DeleteExportAsync(string kind, string exportId, CancellationToken cancellationToken);
}

/// <summary>The path segment of each export kind under the impex API.</summary>
public static class OciExportKind
{
    public const string Availability = "availability-records";

    public const string Reservations = "reservations";

    public const string LocationGraph = "location-graph";
}
