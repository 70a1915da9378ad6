using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using OrderCapture.Core.Hosting;
using OrderCapture.Core.Sites;

namespace OrderCapture.Worker.Security;

/// <summary>
/// Who may do what (invariant 12), wired once with ASP.NET Core's own authentication, authorization
/// and antiforgery: <c>X-Api-Key</c> for the API, Basic with an operator key for scripts and feed
/// readers, a sign-in cookie for the status page. Every endpoint needs an operator unless it says otherwise.
/// </summary>
internal static class SecurityServiceCollectionExtensions
{
    /// <summary>Host names answered when <c>AllowedHosts</c> is not set.</summary>
    public const string LoopbackHosts = "localhost;127.0.0.1;[::1]";

    public static IServiceCollection AddOrderCaptureSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSection<SignInOptions, SignInOptionsAnnotationsValidator>(SignInOptions.SectionName);
        services.AddSingleton<IValidateOptions<OrderCaptureOptions>, AccessKeysValidator>();
        services.AddSingleton<AccessKeys>();

        var protection = services.AddDataProtection().SetApplicationName("OrderCapture");
        if (configuration[$"{SignInOptions.SectionName}:{nameof(SignInOptions.KeysFolder)}"] is { Length: > 0 } folder)
        {
            protection.PersistKeysToFileSystem(new DirectoryInfo(folder));
        }

        services.AddAuthentication(AccessPolicies.Scheme)
            .AddPolicyScheme(AccessPolicies.Scheme, "X-Api-Key, Basic or the sign-in cookie", o => o.ForwardDefaultSelector = SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(AccessPolicies.ApiKeyScheme, null)
            .AddScheme<AuthenticationSchemeOptions, BasicAuthenticationHandler>(AccessPolicies.BasicScheme, null)
            .AddCookie(AccessPolicies.CookieScheme);
        services.AddOptions<CookieAuthenticationOptions>(AccessPolicies.CookieScheme).Configure<IOptions<SignInOptions>>((o, signIn) =>
        {
            o.Cookie.Name = "OrderCapture.Session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // Secure whenever the page is served over https
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = signIn.Value.IdleTimeout;
            o.LoginPath = SignInEndpoints.SignInPath;
            o.LogoutPath = SignInEndpoints.SignOutPath;
            o.AccessDeniedPath = SignInEndpoints.SignInPath;
            o.ReturnUrlParameter = "returnUrl";
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(AccessPolicies.Storefront, p => p.RequireRole(nameof(AccessRole.Storefront), nameof(AccessRole.Operator)))
            .AddPolicy(AccessPolicies.Operator, p => p.RequireRole(nameof(AccessRole.Operator)))
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireRole(nameof(AccessRole.Operator)).Build());

        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "OrderCapture.Antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        return services;
    }

    /// <summary>
    /// A key in the header wins; then Basic; the API and the feed challenge for their own kind of
    /// credential (a 401 a script understands); the page uses the sign-in cookie.
    /// </summary>
    private static string SelectScheme(HttpContext context)
    {
        var request = context.Request;
        if (request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName) || request.Path.StartsWithSegments("/api"))
        {
            return AccessPolicies.ApiKeyScheme;
        }

        if (request.Headers.Authorization.ToString().StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return AccessPolicies.BasicScheme;
        }

        var forScripts = request.Path.StartsWithSegments("/alerts.atom") || request.Path.StartsWithSegments("/metrics");
        return forScripts && !request.Cookies.ContainsKey("OrderCapture.Session") ? AccessPolicies.BasicScheme : AccessPolicies.CookieScheme;
    }

    /// <summary>Adds the default <c>AllowedHosts</c> (the loopback names) unless the configuration names its own.</summary>
    public static void DefaultAllowedHosts(IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration["AllowedHosts"]))
        {
            configuration["AllowedHosts"] = LoopbackHosts;
        }
    }

    public static WebApplication UseOrderCaptureSecurity(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
