using OrderCapture.Worker.Dashboard;
using OrderCapture.Worker.Health;

namespace OrderCapture.Worker.Api;

internal static class ApiServiceCollectionExtensions
{
    public static IServiceCollection AddOrderCaptureApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOrderCaptureHealth(configuration);
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
        return app;
    }
}
