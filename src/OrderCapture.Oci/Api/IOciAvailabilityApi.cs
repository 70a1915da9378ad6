using Refit;

namespace OrderCapture.Oci.Api;

/// <summary>
/// OCI's availability API (OCI-CONTRACT.md "Availability"), relative to
/// <c>/inventory/availability/v1/organizations/{organizationId}</c>. Both actions are reads sent as POST.
/// </summary>
public interface IOciAvailabilityApi
{
    /// <summary>Availability of at most 100 SKU × place pairs.</summary>
    [Post("/availability-records/actions/get-availability")]
    [Idempotent]
    Task<HttpResponseMessage> GetAvailabilityAsync([Body] AvailabilityRequest request, CancellationToken cancellationToken);

    /// <summary>One page of changes since <see cref="DeltaRequest.DeltaToken"/>.</summary>
    [Post("/availability-records/actions/get-deltas")]
    [Idempotent]
    Task<HttpResponseMessage> GetDeltasAsync([Body] DeltaRequest request, CancellationToken cancellationToken);
}
