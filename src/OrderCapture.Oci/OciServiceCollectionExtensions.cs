using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OrderCapture.Oci;

public static class OciServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IOciClient"/> with its token provider, the shared circuit and the
    /// resilience handler. Options come from the <c>Oci</c> section and are validated at start.
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
        services.AddSingleton(sp => new OciTokenProvider(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(OciTokenProvider)),
            sp.GetRequiredService<IOptions<OciOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        services.AddTransient<OciResilienceHandler>();
        services.AddTransient<OciMetricsHandler>();
        services.AddSingleton<Core.Telemetry.ActivityTimeline>();
        services.AddSingleton<Core.Telemetry.OrderCaptureMetrics>();
        // Metrics outside the resilience handler: one count and one span per call, with its final status,
        // and the Correlation-ID scope covers Polly's retry and breaker log lines for that call.
        services.AddSingleton<IOciTokenSource>(sp => sp.GetRequiredService<OciTokenProvider>());
        services.AddHttpClient(nameof(OciTokenProvider), ConfigureHttp).AddHttpMessageHandler<OciMetricsHandler>().AddHttpMessageHandler<OciResilienceHandler>();
        services.AddHttpClient<IOciClient, OciHttpClient>(ConfigureHttp).AddHttpMessageHandler<OciMetricsHandler>().AddHttpMessageHandler<OciResilienceHandler>();
        return services;
    }

    private static void ConfigureHttp(IServiceProvider services, HttpClient http)
    {
        var options = services.GetRequiredService<IOptions<OciOptions>>().Value;
        http.BaseAddress = options.BaseUrl;
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
