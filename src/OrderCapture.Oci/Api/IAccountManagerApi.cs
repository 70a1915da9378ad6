using Refit;

namespace OrderCapture.Oci.Api;

/// <summary>Account Manager's token endpoint (OCI-CONTRACT.md "Authentication"): client credentials for a bearer token.</summary>
public interface IAccountManagerApi
{
    /// <summary>
    /// <paramref name="form"/> holds <c>grant_type</c> and <c>scope</c>; <paramref name="clientCredentials"/>
    /// is base64 of <c>client_id:client_secret</c>, sent only in this call's Authorization header.
    /// </summary>
    [Post("/dwsso/oauth2/access_token")]
    [Idempotent]
    Task<HttpResponseMessage> GetTokenAsync(
        [Authorize("Basic")] string clientCredentials,
        [Body(BodySerializationMethod.UrlEncoded)] IDictionary<string, string> form,
        CancellationToken cancellationToken);
}
