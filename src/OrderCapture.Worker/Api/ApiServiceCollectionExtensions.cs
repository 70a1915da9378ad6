using OrderCapture.Worker.Dashboard;

namespace OrderCapture.Worker.Api;

internal static class ApiServiceCollectionExtensions
{
    public static IServiceCollection AddOrderCaptureApi(this IServiceCollection services)
    {
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
        return app;
    }
}
