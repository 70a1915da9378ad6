using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using OrderCapture.Core.Oci.Contracts;

namespace OrderCapture.Oci;

/// <summary>Hand-written typed OCI client over <see cref="HttpClient"/> (Refit is not served here).</summary>
public sealed partial class OciHttpClient(HttpClient http, OciTokenProvider tokens, IOptions<OciOptions> options, TimeProvider timeProvider) : IOciClient
{
    private readonly OciOptions _options = options.Value;

    private string ReservationBase => $"/inventory/reservation/v1/organizations/{_options.OrganizationId}";

    private string AvailabilityBase => $"/inventory/availability/v1/organizations/{_options.OrganizationId}";

    private string ImpexBase => $"/inventory/impex/v1/organizations/{_options.OrganizationId}";

    public async Task<OciResult<ReservationResponse>> CreateReservationAsync(string reservationId, ReservationRequest request, CancellationToken cancellationToken)
    {
        var result = await SendJsonAsync(
            HttpMethod.Put,
            $"{ReservationBase}/reservation-documents/{Uri.EscapeDataString(reservationId)}",
            JsonSerializer.SerializeToUtf8Bytes(request, OciJsonContext.Default.ReservationRequest),
            idempotent: true, // the id is deterministic and an identical replay returns the first answer
            OciJsonContext.Default.ReservationResponse,
            cancellationToken).ConfigureAwait(false);

        // A reservation answer decides an order's outcome: one that does not add up is an outage, never a classification.
        return result is OciResult<ReservationResponse>.Success { Value: var response } && response.Problem(request) is { } problem
            ? new OciResult<ReservationResponse>.Outage($"malformed answer: {problem}")
            : result;
    }

    public async Task<OciResult<CancelOutcome>> CancelReservationAsync(string reservationId, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new CancelReservationRequest("CANCELLED"), OciJsonContext.Default.CancelReservationRequest);
        return await SendAsync(
            HttpMethod.Patch,
            $"{ReservationBase}/reservation-documents/{Uri.EscapeDataString(reservationId)}",
            body,
            idempotent: true,
            (response, _) => Task.FromResult(response.StatusCode == System.Net.HttpStatusCode.Accepted ? CancelOutcome.Accepted : CancelOutcome.Cancelled),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<OciResult<ReleaseResponse>> ReleaseAsync(ReleaseRequest request, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, OciJsonContext.Default.ReleaseRequest);
        return await SendAsync(
            HttpMethod.Post,
            $"{ReservationBase}/releases",
            body,
            idempotent: true, // every record carries its idempotence id
            async (response, ct) => response.StatusCode == System.Net.HttpStatusCode.NoContent
                ? new ReleaseResponse([])
                : await response.Content.ReadFromJsonOrThrowAsync(OciJsonContext.Default.ReleaseResponse, ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
    }

    private Task<OciResult<T>> SendJsonAsync<T>(HttpMethod method, string path, byte[]? body, bool idempotent, JsonTypeInfo<T> responseType, CancellationToken cancellationToken) =>
        SendAsync(method, path, body, idempotent, (response, ct) => response.Content.ReadFromJsonOrThrowAsync(responseType, ct), cancellationToken);

    /// <summary>
    /// One authenticated call. A 401 or 403 refreshes the token once and repeats once; after
    /// that it is an outage, as the contract defines.
    /// </summary>
    private async Task<OciResult<T>> SendAsync<T>(
        HttpMethod method,
        string path,
        byte[]? body,
        bool idempotent,
        Func<HttpResponseMessage, CancellationToken, Task<T>> readSuccess,
        CancellationToken cancellationToken,
        TimeSpan? bodyTimeout = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            var token = await tokens.GetAsync(forceRefresh: attempt > 0, cancellationToken).ConfigureAwait(false);
            if (token is not OciResult<string>.Success { Value: var bearer })
            {
                return token.Cast<T>();
            }

            using var request = new HttpRequestMessage(method, path);
            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = new("application/json");
            }

            request.Headers.Authorization = new("Bearer", bearer);
            request.Headers.Add("Correlation-ID", Guid.NewGuid().ToString());
            request.Options.Set(OciResilienceHandler.IdempotentOption, idempotent);

            var result = await OciHttp.SendAsync(http, request, readSuccess, bodyTimeout ?? _options.Resilience.AttemptTimeout, cancellationToken).ConfigureAwait(false);
            if (result is OciResult<T>.Rejected { StatusCode: 401 or 403 } denied)
            {
                if (attempt == 0)
                {
                    continue;
                }

                return new OciResult<T>.Outage($"not authorised after a token refresh ({denied.StatusCode} {denied.ErrorCode})");
            }

            return result;
        }
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
