using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using OrderCapture.Oci.Api;

namespace OrderCapture.Oci;

/// <summary>
/// <see cref="IOciClient"/> as a thin adapter onto the Refit interfaces of OCI's APIs: it picks the
/// operation, and <see cref="OciHttp"/> reads the answer into an <see cref="OciResult{T}"/>. Token,
/// Correlation-ID, metrics and the Polly pipeline are the HTTP clients' handlers (<see cref="OciServiceCollectionExtensions"/>).
/// </summary>
public sealed partial class OciClient(
    IOciReservationApi reservations,
    IOciAvailabilityApi availability,
    IOciImpexApi impex,
    IHttpClientFactory httpClients,
    IOptions<OciOptions> options,
    TimeProvider timeProvider) : IOciClient
{
    private readonly OciOptions _options = options.Value;

    public async Task<OciResult<ReservationResponse>> CreateReservationAsync(string reservationId, ReservationRequest request, CancellationToken cancellationToken)
    {
        var result = await CallAsync(ct => reservations.CreateAsync(reservationId, request, ct), OciJsonContext.Default.ReservationResponse, cancellationToken).ConfigureAwait(false);

        // A reservation answer decides an order's outcome: one that does not add up is an outage, never a classification.
        return result is OciResult<ReservationResponse>.Success { Value: var response } && response.Problem(request) is { } problem
            ? new OciResult<ReservationResponse>.Outage($"malformed answer: {problem}")
            : result;
    }

    public Task<OciResult<CancelOutcome>> CancelReservationAsync(string reservationId, CancellationToken cancellationToken) =>
        CallAsync(
            ct => reservations.CancelAsync(reservationId, new CancelReservationRequest("CANCELLED"), ct),
            (response, _) => Task.FromResult(response.StatusCode == HttpStatusCode.Accepted ? CancelOutcome.Accepted : CancelOutcome.Cancelled),
            cancellationToken);

    public Task<OciResult<ReleaseResponse>> ReleaseAsync(ReleaseRequest request, CancellationToken cancellationToken) =>
        CallAsync(
            ct => reservations.ReleaseAsync(request, ct),
            async (response, ct) => response.StatusCode == HttpStatusCode.NoContent
                ? new ReleaseResponse([])
                : await response.Content.ReadFromJsonOrThrowAsync(OciJsonContext.Default.ReleaseResponse, ct).ConfigureAwait(false),
            cancellationToken);

    private Task<OciResult<T>> CallAsync<T>(Func<CancellationToken, Task<HttpResponseMessage>> send, JsonTypeInfo<T> responseType, CancellationToken cancellationToken) =>
        CallAsync(send, (response, ct) => response.Content.ReadFromJsonOrThrowAsync(responseType, ct), cancellationToken);

    /// <summary>
    /// One call to OCI. A 401 or 403 that reaches here came after <see cref="Handlers.BearerTokenHandler"/>
    /// refreshed the token and repeated the call: the contract counts it as OCI unavailable.
    /// </summary>
    private async Task<OciResult<T>> CallAsync<T>(
        Func<CancellationToken, Task<HttpResponseMessage>> send,
        Func<HttpResponseMessage, CancellationToken, Task<T>> readSuccess,
        CancellationToken cancellationToken,
        TimeSpan? bodyTimeout = null)
    {
        var result = await OciHttp.SendAsync(send, readSuccess, bodyTimeout ?? _options.Resilience.AttemptTimeout, cancellationToken).ConfigureAwait(false);
        return result is OciResult<T>.Rejected { StatusCode: 401 or 403 } denied
            ? new OciResult<T>.Outage($"not authorised after a token refresh ({denied.StatusCode} {denied.ErrorCode})")
            : result;
    }
}

internal static class HttpContentJsonExtensions
{
    public static async Task<T> ReadFromJsonOrThrowAsync<T>(this HttpContent content, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return await JsonSerializer.DeserializeAsync(stream, type, cancellationToken).ConfigureAwait(false)
            ?? throw new JsonException("OCI answered with an empty body.");
    }
}
