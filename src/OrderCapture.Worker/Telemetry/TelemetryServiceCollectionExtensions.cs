using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using OrderCapture.Core.Telemetry;

namespace OrderCapture.Worker.Telemetry;

/// <summary>
/// Metrics and traces, wired once for the host: the worker's own meter and spans, Polly's resilience
/// events, ASP.NET Core, outgoing HTTP and the runtime. Prometheus scrapes <c>/metrics</c> (no key unless <c>Metrics:RequireKey=true</c>;
/// <c>Metrics:Prometheus=false</c> switches it off); with <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set,
/// metrics and traces also go out over OTLP (the standard <c>OTEL_*</c> variables configure it).
/// </summary>
internal static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// The built-in meters an operator reads: request durations and active requests, Kestrel's
    /// connections and rejections, unhandled exceptions, and outgoing calls (OCI, the share, webhooks).
    /// Named one by one rather than taken whole from the instrumentation packages, which also turn on
    /// routing, authentication, authorization and memory-pool meters that each add their own
    /// bookkeeping to every request and that nobody alerts on.
    /// </summary>
    private static readonly string[] BuiltInMeters =
        ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Diagnostics", "System.Net.Http"];

    private static bool Prometheus(IConfiguration configuration) => configuration.GetValue("Metrics:Prometheus", true);

    public static IServiceCollection AddOrderCaptureTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var prometheus = Prometheus(configuration);
        var otlp = !string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("ordercapture"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter([OrderCaptureMetrics.MeterName, "Polly", .. BuiltInMeters])
                    .AddRuntimeInstrumentation();
                if (prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        if (otlp)
        {
            // Spans only where they go somewhere: a listener with no exporter still makes every
            // request and every outgoing call build and tag an Activity that nobody reads.
            telemetry.WithTracing(tracing => tracing.AddSource(OrderCaptureMetrics.MeterName).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation());
            telemetry.UseOtlpExporter();
        }

        return services;
    }

    public static void MapOrderCaptureTelemetry(this WebApplication app)
    {
        if (Prometheus(app.Configuration))
        {
            // Open by default (a scraper on the operators' network); Metrics:RequireKey=true asks for an operator (Basic or X-Api-Key).
            var metrics = app.MapPrometheusScrapingEndpoint("/metrics");
            if (app.Configuration.GetValue("Metrics:RequireKey", false))
            {
                metrics.RequireAuthorization(Security.AccessPolicies.Operator);
            }
            else
            {
                metrics.AllowAnonymous();
            }
        }
    }
}
