using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OrderCapture.Core.Oci.Contracts;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace OrderCapture.Oci;

/// <summary>
/// Turns one HTTP exchange into an <see cref="OciResult{T}"/>: the single place where transport
/// exceptions, status codes and malformed bodies are mapped to the contract's outcomes.
/// </summary>
internal static class OciHttp
{
    public static Task<OciResult<T>> SendAsync<T>(
        Func<CancellationToken, Task<HttpResponseMessage>> send,
        JsonTypeInfo<T> bodyType,
        TimeSpan bodyTimeout,
        CancellationToken cancellationToken) =>
        SendAsync(send, (response, ct) => response.Content.ReadFromJsonOrThrowAsync(bodyType, ct), bodyTimeout, cancellationToken);

    /// <summary>
    /// Sends through <paramref name="send"/> (a Refit operation, or a plain GET), then reads a
    /// success with <paramref name="readSuccess"/> under <paramref name="bodyTimeout"/>.
    /// </summary>
    public static async Task<OciResult<T>> SendAsync<T>(
        Func<CancellationToken, Task<HttpResponseMessage>> send,
        Func<HttpResponseMessage, CancellationToken, Task<T>> readSuccess,
        TimeSpan bodyTimeout,
        CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await send(cancellationToken).ConfigureAwait(false);
        }
        catch (Handlers.OciTokenUnavailableException noToken)
        {
            return noToken.Result.Cast<T>();
        }
        catch (Exception ex) when (IsTransportFailure(ex, cancellationToken))
        {
            return new OciResult<T>.Outage(Describe(ex));
        }

        // The attempt timeout ends when the headers arrive; a body that drips in slowly has its own deadline.
        using var bodyDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bodyDeadline.CancelAfter(bodyTimeout);
        using (response)
        {
            var status = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return new OciResult<T>.RateLimited(OciResiliencePipeline.RetryAfter(response) ?? TimeSpan.FromSeconds(1));
            }

            if (status >= 500)
            {
                return new OciResult<T>.Outage($"HTTP {status}");
            }

            try
            {
                if (!response.IsSuccessStatusCode)
                {
                    var problem = await ReadProblemAsync(response, bodyDeadline.Token).ConfigureAwait(false);
                    return new OciResult<T>.Rejected(status, problem.ErrorCode ?? problem.Title ?? response.StatusCode.ToString(), problem.Message ?? problem.Detail ?? "");
                }

                if (response.StatusCode != HttpStatusCode.NoContent && !IsJsonOrNdjson(response))
                {
                    return new OciResult<T>.Outage($"unexpected content type '{response.Content.Headers.ContentType?.MediaType}'");
                }

                return new OciResult<T>.Success(await readSuccess(response, bodyDeadline.Token).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidDataException || IsTransportFailure(ex, cancellationToken))
            {
                // A body that does not parse, or breaks off, is an OCI that is not working: never a crash.
                return new OciResult<T>.Outage($"malformed answer: {ex.GetType().Name}");
            }
        }
    }

    private static async Task<OciProblem> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return await JsonSerializer.DeserializeAsync(stream, OciJsonContext.Default.OciProblem, cancellationToken).ConfigureAwait(false) ?? new OciProblem();
        }
        catch (JsonException)
        {
            // A 4xx with an unreadable body is still a 4xx about this request.
            return new OciProblem();
        }
    }

    private static bool IsJsonOrNdjson(HttpResponseMessage response)
    {
        var media = response.Content.Headers.ContentType?.MediaType;
        return media is null || media.Contains("json", StringComparison.OrdinalIgnoreCase) || media == "application/octet-stream";
    }

    private static bool IsTransportFailure(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        HttpRequestException or IOException or TimeoutRejectedException or BrokenCircuitException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    private static string Describe(Exception ex) => ex switch
    {
        BrokenCircuitException => "circuit open",
        TimeoutRejectedException or OperationCanceledException => "timeout",
        HttpRequestException { HttpRequestError: var error } => $"connection failed ({error})",
        _ => $"transport failure ({ex.GetType().Name})",
    };
}
