using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrderCapture.Oci.Api;
using OrderCapture.Oci.Handlers;
using Refit;

namespace OrderCapture.Oci;

public static class OciServiceCollectionExtensions
{
    /// <summary>The plain HTTP client for an export's download link on the OCI host (a whole URL, not a Refit route).</summary>
    public const string DownloadsClient = "OCI downloads";

    /// <summary>
    /// Registers <see cref="IOciClient"/>: one Refit client per OCI API, each through the same
    /// handlers (Correlation-ID, bearer token with its 401 refresh, metrics, the shared Polly
    /// pipeline), the token provider on Account Manager's client, and the adapter onto Core's result
    /// types. Options come from the <c>Oci</c> section and are validated at start.
    /// </summary>
    public static IServiceCollection AddOciClient(this IServiceCollection services, Action<OptionsBuilder<OciOptions>>? configure = null)
    {
        var options = services.AddOptions<OciOptions>().ValidateOnStart();
        configure?.Invoke(options);
        services.AddSingleton<IValidateOptions<OciOptions>, OciOptionsAnnotationsValidator>();
        services.AddSingleton<IValidateOptions<OciOptions>, OciOptionsValidator>();
        services.AddSingleton<OciCircuit>();
        services.AddSingleton(sp => OciResiliencePipeline.Build(
            sp.GetRequiredService<IOptions<OciOptions>>().Value.Resilience,
            sp.GetRequiredService<OciCircuit>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<Microsoft.Extensions.Logging.ILoggerFactory>()));
        services.AddSingleton<Core.Telemetry.ActivityTimeline>();
        services.AddSingleton<Core.Telemetry.OrderCaptureMetrics>();
        services.AddTransient<CorrelationIdHandler>();
        services.AddTransient<BearerTokenHandler>();
        services.AddTransient<OciMetricsHandler>();
        services.AddTransient<OciResilienceHandler>();

        services.AddSingleton(sp => new OciTokenProvider(
            sp.GetRequiredService<IAccountManagerApi>(),
            sp.GetRequiredService<IOptions<OciOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IOciTokenSource>(sp => sp.GetRequiredService<OciTokenProvider>());
        services.AddRefitGeneratedClient<IAccountManagerApi>(OciJsonContext.Default, _ => RefitSettings)
            .ConfigureHttpClient((sp, http) => Configure(http, Options(sp).AccountManagerUrl ?? Options(sp).BaseUrl, "/"))
            .AddOciHandlers(withBearerToken: false);

        services.AddRefitGeneratedClient<IOciReservationApi>(OciJsonContext.Default, _ => RefitSettings)
            .ConfigureHttpClient((sp, http) => Configure(http, Options(sp).BaseUrl, $"/inventory/reservation/v1/organizations/{Organization(sp)}"))
            .AddOciHandlers(withBearerToken: true);
        services.AddRefitGeneratedClient<IOciAvailabilityApi>(OciJsonContext.Default, _ => RefitSettings)
            .ConfigureHttpClient((sp, http) => Configure(http, Options(sp).BaseUrl, $"/inventory/availability/v1/organizations/{Organization(sp)}"))
            .AddOciHandlers(withBearerToken: true);
        services.AddRefitGeneratedClient<IOciImpexApi>(OciJsonContext.Default, _ => RefitSettings)
            .ConfigureHttpClient((sp, http) => Configure(http, Options(sp).BaseUrl, $"/inventory/impex/v1/organizations/{Organization(sp)}"))
            .AddOciHandlers(withBearerToken: true);
        services.AddHttpClient(DownloadsClient, (sp, http) => Configure(http, Options(sp).BaseUrl, "/"))
            .AddOciHandlers(withBearerToken: true);

        services.AddTransient<IOciClient, OciClient>();
        return services;
    }

    /// <summary>
    /// Bodies written by the contract's source-generated serializers and buffered (a Content-Length,
    /// and a body the pipeline can send again); a transport failure surfaces as itself, for
    /// <see cref="OciHttp"/> to read as an outage, instead of wrapped in Refit's exception.
    /// </summary>
    private static readonly RefitSettings RefitSettings = new()
    {
        ContentSerializer = new SystemTextJsonContentSerializer(OciJsonContext.Default.Options),
        Buffered = true,
        TransportExceptionFactory = (_, exception, _) => exception,
    };

    /// <summary>Outermost first: one Correlation-ID per call, the token around the counted call, the pipeline's attempts innermost.</summary>
    private static IHttpClientBuilder AddOciHandlers(this IHttpClientBuilder builder, bool withBearerToken)
    {
        builder.AddHttpMessageHandler<CorrelationIdHandler>();
        if (withBearerToken)
        {
            builder.AddHttpMessageHandler<BearerTokenHandler>();
        }

        // Metrics outside the resilience handler: one count and one span per call, with its final status,
        // and the Correlation-ID scope covers Polly's retry and breaker log lines for that call.
        return builder.AddHttpMessageHandler<OciMetricsHandler>().AddHttpMessageHandler<OciResilienceHandler>();
    }

    private static OciOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<OciOptions>>().Value;

    private static string Organization(IServiceProvider services) => Uri.EscapeDataString(Options(services).OrganizationId);

    private static void Configure(HttpClient http, Uri? root, string basePath)
    {
        // Options validation refuses a missing Oci:BaseUrl at start; a client is never built without one.
        http.BaseAddress = new Uri(root ?? throw new InvalidOperationException("Oci:BaseUrl is not set."), basePath);
        // Each attempt has its own timeout in the Polly pipeline; the client-wide one would cut retries short.
        http.Timeout = Timeout.InfiniteTimeSpan;
    }
}

/// <summary>Cross-field checks DataAnnotations cannot express, with messages an operator can act on.</summary>
internal sealed class OciOptionsValidator : IValidateOptions<OciOptions>
{
    public ValidateOptionsResult Validate(string? name, OciOptions options)
    {
        var failures = new List<string>();
        if (options.BaseUrl is null)
        {
            failures.Add(options.Mode == OciMode.Remote
                ? "Oci:BaseUrl is required when Oci:Mode is Remote."
                : "Oci:BaseUrl was not set by the in-process simulator.");
        }
        else if (!options.BaseUrl.IsAbsoluteUri || options.BaseUrl.Scheme is not ("http" or "https"))
        {
            failures.Add("Oci:BaseUrl must be an absolute http(s) URL.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
