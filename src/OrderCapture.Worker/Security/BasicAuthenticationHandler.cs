using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace OrderCapture.Worker.Security;

/// <summary>
/// HTTP Basic for scripts and feed readers (<c>/alerts.atom</c>, the status page, <c>/metrics</c>):
/// any user name, an operator key as the password. Only operator keys are taken here.
/// </summary>
internal sealed class BasicAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AccessKeys keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header) || !"Basic".Equals(header.Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        string password;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter ?? ""));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            password = colon < 0 ? "" : text[(colon + 1)..];
        }
        catch (FormatException)
        {
            return Task.FromResult(AuthenticateResult.Fail("Malformed Basic credentials"));
        }

        return Task.FromResult(keys.RoleOf(password) == AccessRole.Operator
            ? AuthenticateResult.Success(new AuthenticationTicket(Principals.For(AccessRole.Operator, Scheme.Name), Scheme.Name))
            : AuthenticateResult.Fail("Not an operator key"));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 401;
        Response.Headers.WWWAuthenticate = "Basic realm=\"OrderCapture\", charset=\"UTF-8\"";
        return Task.CompletedTask;
    }
}
