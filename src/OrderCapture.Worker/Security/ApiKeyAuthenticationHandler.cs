using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace OrderCapture.Worker.Security;

/// <summary>
/// <c>X-Api-Key</c> on <c>/api/*</c>: the key's role becomes the caller's. No key or an unknown
/// one is <c>401</c>, a storefront key on an operator call <c>403</c>, both as problem+json.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AccessKeys keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string HeaderName = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var given))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var role = keys.RoleOf(given.ToString());
        return Task.FromResult(role == AccessRole.None
            ? AuthenticateResult.Fail("Unknown X-Api-Key")
            : AuthenticateResult.Success(new AuthenticationTicket(Principals.For(role, Scheme.Name), Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Results.Problem(statusCode: 401, title: "Missing or wrong X-Api-Key",
            extensions: new Dictionary<string, object?> { ["error"] = "unauthorized" }).ExecuteAsync(Context);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Results.Problem(statusCode: 403, title: "This key may not make this call: it needs an operator key",
            extensions: new Dictionary<string, object?> { ["error"] = "forbidden" }).ExecuteAsync(Context);
}

/// <summary>The claims of an authenticated caller: its role, and how it was authenticated.</summary>
internal static class Principals
{
    public static ClaimsPrincipal For(AccessRole role, string scheme) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Role, role.ToString()), new Claim(ClaimTypes.Name, role.ToString().ToLowerInvariant())], scheme));
}
