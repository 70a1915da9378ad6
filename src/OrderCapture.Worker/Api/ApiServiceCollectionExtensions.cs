using OrderCapture.Worker.Dashboard;
using OrderCapture.Worker.Health;
using OrderCapture.Worker.Telemetry;

namespace OrderCapture.Worker.Api;

internal static class ApiServiceCollectionExtensions
{
    public static IServiceCollection AddOrderCaptureApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOrderCaptureHealth(configuration);
        services.AddOrderCaptureTelemetry(configuration);
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "OrderCapture";
            document.Info.Description = "Continuous order capture for B2C Commerce and Omnichannel Inventory. /api/* needs the X-Api-Key header; errors are application/problem+json with an `error` code.";
            return Task.CompletedTask;
        }));
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        return services;
    }

    public static WebApplication MapOrderCaptureApi(this WebApplication app)
    {
        app.UseMiddleware<ApiKeyMiddleware>();
        app.MapOrders();
        app.MapStatus();
        app.MapOperations();
        app.MapAlerts();
        app.MapStatusPage();
        app.MapOrderCaptureHealth();
        app.MapOpenApi(); // GET /openapi/v1.json, without the key
        app.MapOrderCaptureTelemetry();
        return app;
    }
}
