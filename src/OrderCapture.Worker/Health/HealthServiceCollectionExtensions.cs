using OrderCapture.Core.Hosting;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace OrderCapture.Worker.Health;

/// <summary>
/// <c>/healthz</c>: the process answers (liveness; no check runs). <c>/readyz</c>: the store answers,
/// Quartz runs, the cache is loaded (Unhealthy → 503), the outbox flows and the cache is fresh while
/// OCI is online (Degraded → 200 with the detail). OCI being offline never makes it unready:
/// offline capture is the service. Both without the API key; JSON detail per check.
/// </summary>
internal static class HealthServiceCollectionExtensions
{
    public static IServiceCollection AddOrderCaptureHealth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSection<HealthOptions, HealthOptionsAnnotationsValidator>(HealthOptions.SectionName);
        services.AddHostedService<StartupReadiness>();
        services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store")
            .AddQuartz(_ => { }) // Quartz's own check of the scheduler: started, not shut down, not stalled
            .AddCheck<CacheHealthCheck>("cache")
            .AddCheck<OutboxHealthCheck>("outbox");
        return services;
    }

    public static void MapOrderCaptureHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { ResponseWriter = WriteAsync }).AllowAnonymous(); // every registered check; a load balancer asks without a key
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data }),
        }, JsonSerializerOptions.Web));
    }
}
