using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrderCapture.Core.Reports.Share;
using OrderCapture.Impex.WebDav;
using OrderCapture.Oci;
using OrderCapture.Oci.Api;

namespace OrderCapture.Impex;

public static class ImpexServiceCollectionExtensions
{
    /// <summary>The named HTTP client of the WebDAV share.</summary>
    public const string WebDavClientName = "IMPEX WebDAV";

    /// <summary>
    /// With <c>OrderCapture:Impex:Target=WebDav</c>, the instance's WebDAV share becomes the
    /// <see cref="IImpexShare"/> every report path uses; otherwise the folder stays. Call before
    /// Core's registrations or after them: this one wins.
    /// </summary>
    public static IServiceCollection AddImpexShare(this IServiceCollection services, IConfiguration configuration)
    {
        // Read leniently here: a value that is no target is refused by the options binding at start,
        // with the setting named, like every other bad value.
        if (!Enum.TryParse<ImpexTarget>(configuration[$"{ImpexOptions.SectionName}:{nameof(ImpexOptions.Target)}"], ignoreCase: true, out var target)
            || target != ImpexTarget.WebDav)
        {
            return services;
        }

        services.AddTransient(sp => new WebDavAuthHandler(Options(sp), TokensFor(sp), Failures(sp)));
        services.AddHttpClient(WebDavClientName, http => http.Timeout = Timeout.InfiniteTimeSpan) // each attempt has its own timeout in the pipeline
            .ConfigurePrimaryHttpMessageHandler(sp => PrimaryHandler(Options(sp)))
            .AddHttpMessageHandler<WebDavAuthHandler>();
        services.AddSingleton(sp => new WebDavClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(WebDavClientName),
            ReportsUrl(Options(sp).WebDavUrl!),
            WebDavResilience.Build(Options(sp), sp.GetRequiredService<TimeProvider>(), sp.GetService<Microsoft.Extensions.Logging.ILoggerFactory>()),
            Failures(sp)));
        services.AddSingleton(sp => Failures(sp));
        services.AddKeyedSingleton<IOciTokenSource>(WebDavClientName, (sp, _) =>
        {
            var oci = sp.GetRequiredService<IOptions<OciOptions>>().Value;
            var own = new OciOptions
            {
                ClientId = Options(sp).ClientId!,
                ClientSecret = Options(sp).ClientSecret!,
                Tenant = oci.Tenant,
                TokenRefreshMargin = oci.TokenRefreshMargin,
                Resilience = oci.Resilience,
            };
            return new OciTokenProvider(sp.GetRequiredService<IAccountManagerApi>(), own, sp.GetRequiredService<TimeProvider>(), askOciScopes: false);
        });
        services.RemoveAll<IImpexShare>();
        services.AddSingleton<IImpexShare>(sp => new WebDavImpexShare(sp.GetRequiredService<WebDavClient>(), Options(sp)));
        return services;
    }

    /// <summary><c>{WebDavUrl}/src/continuous_order_capture/</c>.</summary>
    public static Uri ReportsUrl(Uri webDavUrl) => new(new Uri(webDavUrl.AbsoluteUri.TrimEnd('/') + "/"), "src/continuous_order_capture/");

    private static ImpexOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<ImpexOptions>>().Value;

    private static string ClientId(IServiceProvider services) =>
        Options(services).ClientId is { Length: > 0 } own ? own : services.GetRequiredService<IOptions<OciOptions>>().Value.ClientId;

    private static WebDavFailures Failures(IServiceProvider services) => new(Options(services), ClientId(services));

    /// <summary>Bearer: the OCI client's own token, or a token source of its own for another API client (asking no OCI scopes).</summary>
    private static IOciTokenSource? TokensFor(IServiceProvider services)
    {
        var options = Options(services);
        if (options.Auth != WebDavAuth.Bearer)
        {
            return null;
        }

        if (options.ClientId is not { Length: > 0 } clientId)
        {
            return services.GetRequiredService<IOciTokenSource>();
        }

        return services.GetRequiredKeyedService<IOciTokenSource>(WebDavClientName);
    }

    private static SocketsHttpHandler PrimaryHandler(ImpexOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = options.MaxParallelRequests,
            AllowAutoRedirect = false, // a redirect to a sign-in page is a refusal, not a file
        };
        if (options.ClientCertificatePath is { Length: > 0 } path)
        {
            handler.SslOptions.ClientCertificates = [X509CertificateLoader.LoadPkcs12FromFile(path, options.ClientCertificatePassword)];
        }

        return handler;
    }
}
