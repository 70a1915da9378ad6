using OrderCapture.Worker.Dashboard;
using OrderCapture.Worker.Health;
using OrderCapture.Worker.Security;
using OrderCapture.Worker.Telemetry;

namespace OrderCapture.Worker.Api;

internal static class ApiServiceCollectionExtensions
{
    public static IServiceCollection AddOrderCaptureApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOrderCaptureSecurity(configuration);
        services.AddOrderCaptureHealth(configuration);
        // One line per request: method, path, status, duration; never headers (the API key) or bodies.
        services.AddHttpLogging(o =>
        {
            o.LoggingFields = Microsoft.AspNetCore.HttpLogging.HttpLoggingFields.RequestMethod | Microsoft.AspNetCore.HttpLogging.HttpLoggingFields.RequestPath
                | Microsoft.AspNetCore.HttpLogging.HttpLoggingFields.ResponseStatusCode | Microsoft.AspNetCore.HttpLogging.HttpLoggingFields.Duration;
            o.CombineLogs = true;
        });
        services.AddOrderCaptureTelemetry(configuration);
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "OrderCapture";
            document.Info.Description = "Continuous order capture for B2C Commerce and Omnichannel Inventory. /api/* needs the X-Api-Key header: a storefront key for capture, cancel, reading an order and availability, an operator key for everything else; errors are application/problem+json with an `error` code.";
            return Task.CompletedTask;
        }));
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        return services;
    }

    public static WebApplication MapOrderCaptureApi(this WebApplication app)
    {
        // Captured orders have their own audit line (OrderCaptureService); every other request is logged here.
        app.UseWhen(c => !(HttpMethods.IsPost(c.Request.Method) && c.Request.Path == "/api/orders"), branch => branch.UseHttpLogging());
        app.UseOrderCaptureSecurity();
        app.MapSignIn();
        app.MapOrders();
        app.MapStatus();
        app.MapOperations();
        app.MapAlerts();
        app.MapStatusPage();
        app.MapOrderCaptureHealth();
        app.MapOpenApi().AllowAnonymous(); // GET /openapi/v1.json, without the key
        app.MapOrderCaptureTelemetry();
        return app;
    }
}
