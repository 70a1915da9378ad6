using System.Text;
using OrderCapture.Oci.Api;

namespace OrderCapture.Oci;

/// <summary>
/// Client-credentials token from Account Manager, cached until shortly before it expires.
/// The secret goes only into the Authorization header of the token call. <paramref name="askOciScopes"/>
/// false asks for no scope: a client for something other than OCI (a WebDAV share) gets its defaults.
/// </summary>
public sealed class OciTokenProvider(IAccountManagerApi accountManager, OciOptions options, TimeProvider timeProvider, bool askOciScopes = true) : IOciTokenSource, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private DateTimeOffset _refreshAt;

    public async Task<OciResult<string>> GetAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        var staleToken = _token;
        if (!forceRefresh && staleToken is not null && timeProvider.GetUtcNow() < _refreshAt)
        {
            return new OciResult<string>.Success(staleToken);
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller may have refreshed while this one waited.
            if (_token is not null && _token != staleToken && timeProvider.GetUtcNow() < _refreshAt)
            {
                return new OciResult<string>.Success(_token);
            }

            var fetched = await FetchAsync(cancellationToken).ConfigureAwait(false);
            if (fetched is OciResult<TokenResponse>.Success { Value: var token })
            {
                _token = token.AccessToken!;
                GrantedScopes = token.Scope is { } granted ? granted.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal) : null;
                _refreshAt = timeProvider.GetUtcNow() + TimeSpan.FromSeconds(token.ExpiresIn) - options.TokenRefreshMargin;
                return new OciResult<string>.Success(_token);
            }

            _token = null;
            return fetched.Cast<string>();
        }
        finally
        {
            _gate.Release();
        }
    }

    public IReadOnlySet<string>? GrantedScopes { get; private set; }

    public void Dispose() => _gate.Dispose();

    private async Task<OciResult<TokenResponse>> FetchAsync(CancellationToken cancellationToken)
    {
        // The scopes per the contract's securedBy (OciScopes); the secret goes only into this call's Basic header.
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials" };
        if (askOciScopes)
        {
            form["scope"] = OciScopes.For(options.Tenant);
        }

        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.ClientId}:{options.ClientSecret}"));
        var result = await OciHttp.SendAsync(
            ct => accountManager.GetTokenAsync(credentials, form, ct),
            OciJsonContext.Default.TokenResponse,
            options.Resilience.AttemptTimeout,
            cancellationToken).ConfigureAwait(false);
        return result switch
        {
            OciResult<TokenResponse>.Success { Value.AccessToken: { Length: > 0 } } => result,
            OciResult<TokenResponse>.Success => new OciResult<TokenResponse>.Outage("token response without access_token"),
            // A refused credential is not something a retry fixes: per the contract it counts as OCI unavailable.
            OciResult<TokenResponse>.Rejected { StatusCode: 400 or 401 or 403 } r => new OciResult<TokenResponse>.Outage($"token refused ({r.StatusCode} {r.ErrorCode})"),
            _ => result,
        };
    }
}
