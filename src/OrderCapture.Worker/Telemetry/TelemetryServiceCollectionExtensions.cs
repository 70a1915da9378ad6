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
    private static bool Prometheus(IConfiguration configuration) => configuration.GetValue("Metrics:Prometheus", true);

    public static IServiceCollection AddOrderCaptureTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var prometheus = Prometheus(configuration);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("ordercapture"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(OrderCaptureMetrics.MeterName, "Polly")
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation();
                if (prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
            })
            .WithTracing(tracing => tracing.AddSource(OrderCaptureMetrics.MeterName).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation());
        if (!string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
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
