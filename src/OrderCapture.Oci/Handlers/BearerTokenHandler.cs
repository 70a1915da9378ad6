using System.Net;

namespace OrderCapture.Oci.Handlers;

/// <summary>
/// Puts Account Manager's bearer token on every OCI call. A 401 or 403 refreshes the token once and
/// repeats the call once; what comes back then is the answer (the client reads a second refusal as
/// an outage, per the contract). A token that cannot be had ends the call with
/// <see cref="OciTokenUnavailableException"/>, which the client reads as that token result.
/// </summary>
public sealed class BearerTokenHandler(OciTokenProvider tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await SendWithTokenAsync(request, forceRefresh: false, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden))
        {
            return response;
        }

        response.Dispose();
        return await SendWithTokenAsync(request, forceRefresh: true, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendWithTokenAsync(HttpRequestMessage request, bool forceRefresh, CancellationToken cancellationToken)
    {
        var token = await tokens.GetAsync(forceRefresh, cancellationToken).ConfigureAwait(false);
        if (token is not OciResult<string>.Success { Value: var bearer })
        {
            throw new OciTokenUnavailableException(token);
        }

        request.Headers.Authorization = new("Bearer", bearer);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>No bearer token could be had; <see cref="Result"/> says why (an outage, a rate limit, a refusal).</summary>
public sealed class OciTokenUnavailableException(OciResult<string> result)
    : Exception($"No OCI token: {result}")
{
    public OciResult<string> Result { get; } = result;
}
