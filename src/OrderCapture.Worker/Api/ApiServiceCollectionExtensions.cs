namespace OrderCapture.Worker.Api;

internal static class ApiServiceCollectionExtensions
{
    public static IServiceCollection AddOrderCaptureApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        return services;
    }

    public static WebApplication MapOrderCaptureApi(this WebApplication app)
    {
        app.UseMiddleware<ApiKeyMiddleware>();
        app.MapOrders();
        app.MapStatus();
        app.MapOperations();
        return app;
    }
}
