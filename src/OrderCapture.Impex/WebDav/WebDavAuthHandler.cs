using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OrderCapture.Core.Reports.Share;

namespace OrderCapture.Impex.WebDav;

/// <summary>
/// Signs every WebDAV request in: Basic with the Business Manager user and access key, or Bearer
/// with an Account Manager token (refreshed once on a 401, as a rotated client secret or an
/// expired token needs). The credentials go only into the Authorization header.
/// </summary>
public sealed class WebDavAuthHandler(ImpexOptions options, IOciTokenSource? tokens, WebDavFailures failures) : DelegatingHandler
{
    private readonly AuthenticationHeaderValue? _basic = options.Auth == WebDavAuth.Basic
        ? new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.UserName}:{options.AccessKey}")))
        : null;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_basic is not null)
        {
            request.Headers.Authorization = _basic;
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var token = await tokens!.GetAsync(forceRefresh: false, cancellationToken).ConfigureAwait(false);
        var response = await SendWithTokenAsync(request, token, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        // A refused token may have expired early or been revoked: one fresh token, one more try. If
        // no fresh token can be had, the share's own refusal is the answer (it names the fix).
        var fresh = await tokens.GetAsync(forceRefresh: true, cancellationToken).ConfigureAwait(false);
        if (fresh is not OciResult<string>.Success)
        {
            return response;
        }

        response.Dispose();
        return await SendWithTokenAsync(request, fresh, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendWithTokenAsync(HttpRequestMessage request, OciResult<string> token, CancellationToken cancellationToken)
    {
        if (token is not OciResult<string>.Success { Value: var bearer })
        {
            throw failures.NoToken(token.ToString() ?? "no answer");
        }

        request.Headers.Authorization = new("Bearer", bearer);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
