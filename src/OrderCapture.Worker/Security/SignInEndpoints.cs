using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;

namespace OrderCapture.Worker.Security;

/// <summary>
/// The status page's sign-in: a form that takes an operator key and starts a cookie session, and a
/// sign-out. Both forms carry an anti-forgery token (a forged sign-in is as bad as a forged post).
/// </summary>
internal static class SignInEndpoints
{
    public const string SignInPath = "/signin";
    public const string SignOutPath = "/signout";

    public static void MapSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet(SignInPath, (HttpContext context, IAntiforgery antiforgery, string? returnUrl) =>
            Page(context, antiforgery, returnUrl, message: null, status: 200))
            .AllowAnonymous().ExcludeFromDescription();

        app.MapPost(SignInPath, async (HttpContext context, IAntiforgery antiforgery, AccessKeys keys) =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            var returnUrl = form["returnUrl"].ToString();
            if (keys.RoleOf(form["key"].ToString()) != AccessRole.Operator)
            {
                return Page(context, antiforgery, returnUrl, "That is not an operator key.", status: 401);
            }

            await context.SignInAsync(AccessPolicies.CookieScheme, Principals.For(AccessRole.Operator, AccessPolicies.CookieScheme)).ConfigureAwait(false);
            return Results.Redirect(IsLocal(returnUrl) ? returnUrl : "/");
        })
            .AllowAnonymous().AddEndpointFilter<AntiforgeryFormFilter>().ExcludeFromDescription();

        app.MapPost(SignOutPath, async (HttpContext context) =>
        {
            await context.SignOutAsync(AccessPolicies.CookieScheme).ConfigureAwait(false);
            return Results.Redirect(SignInPath);
        })
            .AllowAnonymous().AddEndpointFilter<AntiforgeryFormFilter>().ExcludeFromDescription();
    }

    /// <summary>The hidden field that carries this session's anti-forgery token in a form of the page.</summary>
    public static string TokenField(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return $"<input type=\"hidden\" name=\"{H(tokens.FormFieldName)}\" value=\"{H(tokens.RequestToken)}\">";
    }

    /// <summary>Only a path on this site: a sign-in must not send the operator elsewhere.</summary>
    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));

    private static IResult Page(HttpContext context, IAntiforgery antiforgery, string? returnUrl, string? message, int status) => Results.Content(
        $$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>OrderCapture — sign in</title>
        <style>body { font: 14px/1.4 system-ui, sans-serif; margin: 0; background: #f3f3f3; } header { background: #032d60; color: #fff; padding: 10px 20px; font-size: 18px; }
        form { background: #fff; border: 1px solid #ddd; border-radius: 4px; padding: 16px; margin: 24px; max-width: 420px; } input[type=password] { width: 100%; margin: 8px 0; }
        .error { color: #ba0517; }</style></head><body>
        <header>Continuous Order Capture</header>
        <form id="signin" method="post" action="{{SignInPath}}">
          <label for="key">Operator key</label>
          <input id="key" name="key" type="password" autocomplete="current-password" required autofocus>
          <input type="hidden" name="returnUrl" value="{{H(IsLocal(returnUrl) ? returnUrl : "/")}}">
          {{TokenField(context, antiforgery)}}
          {{(message is null ? "" : $"<p class=\"error\" id=\"signin-error\">{H(message)}</p>")}}
          <button type="submit">Sign in</button>
        </form></body></html>
        """, "text/html; charset=utf-8", statusCode: status);

    private static string H(string? value) => System.Net.WebUtility.HtmlEncode(value ?? "");
}
