using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OrderCapture.OciSimulator.Endpoints;
using OrderCapture.OciSimulator.Middleware;
using OrderCapture.OciSimulator.State;

namespace OrderCapture.OciSimulator;

/// <summary>Wiring shared by the runnable simulator and the in-process <see cref="OciSimulatorServer"/>.</summary>
public static class OciSimulatorApp
{
    public static IServiceCollection AddOciSimulator(this IServiceCollection services, SimulatorOptions options, TimeProvider timeProvider)
    {
        services.AddSingleton(options);
        services.AddSingleton(timeProvider);
        services.AddSingleton<SimulatorState>();
        services.AddSingleton<TokenStore>();
        services.AddSingleton<FaultController>();
        services.AddSingleton<RequestStats>();
        services.AddSingleton<ExportStore>();
        services.AddSingleton<OtherChannel>();
        return services;
    }

    public static WebApplication MapOciSimulator(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<SimulatorOptions>();
        app.UseRouting();
        app.UseMiddleware<OciFrontDoor>();
        app.MapAuth(options);
        app.MapReservations();
        app.MapAvailability(options);
        app.MapExports();
        app.MapReservationExports();
        app.MapLocationGraphExports();
        app.MapControl();
        return app;
    }

    /// <summary>Loads an inventory seed file (the body of <c>PUT /_sim/inventory</c>).</summary>
    public static InventorySeed LoadSeed(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<InventorySeed>(stream, SimulatorJson.Options)
            ?? throw new InvalidDataException($"{path} holds no inventory seed.");
    }
}
