using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrderCapture.OciSimulator.State;

namespace OrderCapture.OciSimulator.Endpoints;

internal static class AuthEndpoints
{
    public static void MapAuth(this IEndpointRouteBuilder app, SimulatorOptions options)
    {
        app.MapPost("/dwsso/oauth2/access_token", async (HttpRequest request, TokenStore tokens) =>
        {
            var form = request.HasFormContentType ? await request.ReadFormAsync(request.HttpContext.RequestAborted).ConfigureAwait(false) : null;
            if (form is null || form["grant_type"].ToString() != "client_credentials")
            {
                return Results.Json(new { error = "unsupported_grant_type" }, statusCode: 400);
            }

            if (!TryReadBasic(request, out var clientId, out var secret) || clientId != options.ClientId || secret != options.ClientSecret)
            {
                return Results.Json(new { error = "invalid_client" }, statusCode: 401);
            }

            // Account Manager grants the scopes asked for that the client is allowed (all allowed when none is asked).
            IReadOnlyCollection<string> allowed = options.AllowedScopes.Count > 0 ? options.AllowedScopes : Middleware.SpecScopes.All;
            var asked = form["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var granted = (asked.Length == 0 ? allowed : asked.Where(s => allowed.Contains(s) || s.StartsWith("SALESFORCE_COMMERCE_API:", StringComparison.Ordinal)))
                .ToHashSet(StringComparer.Ordinal);
            return Results.Json(new Dictionary<string, object>
            {
                ["access_token"] = tokens.Issue(options.TokenLifetime, granted),
                ["scope"] = string.Join(' ', granted),
                ["token_type"] = "BearerToken",
                ["expires_in"] = (int)options.TokenLifetime.TotalSeconds,
            });
        }).WithName("token");

        // Account Manager's token check, which a resource server (a B2C instance's WebDAV share, or
        // a test's nginx through auth_request) asks before it lets a bearer token in.
        app.MapGet("/dwsso/oauth2/tokeninfo", (HttpRequest request, TokenStore tokens) =>
        {
            var header = request.Headers.Authorization.ToString();
            var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : request.Query["access_token"].ToString();
            return token.Length > 0 && tokens.IsValid(token, out var scopes)
                ? Results.Json(new Dictionary<string, object> { ["client_id"] = options.ClientId, ["scope"] = string.Join(' ', scopes) })
                : Results.Json(new { error = "invalid_token" }, statusCode: 401);
        }).WithName("tokeninfo");
    }

    private static bool TryReadBasic(HttpRequest request, out string clientId, out string secret)
    {
        clientId = secret = "";
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                return false;
            }

            (clientId, secret) = (pair[..colon], pair[(colon + 1)..]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
