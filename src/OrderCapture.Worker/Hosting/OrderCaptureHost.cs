using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OrderCapture.Core;
using OrderCapture.OciSimulator;
using OrderCapture.Worker.Api;
using OrderCapture.Worker.Jobs;
using Serilog;

namespace OrderCapture.Worker.Hosting;

/// <summary>The worker as one object: the web app and, in Simulator mode, the simulator it hosts.</summary>
public sealed class OrderCaptureHost : IAsyncDisposable
{
    private OrderCaptureHost(WebApplication app, OciSimulatorServer? simulator)
    {
        App = app;
        Simulator = simulator;
    }

    public WebApplication App { get; }

    /// <summary>The in-process simulator when <c>Oci:Mode</c> is Simulator; null in Remote mode.</summary>
    public OciSimulatorServer? Simulator { get; }

    /// <summary>The address the API listens on, once started.</summary>
    public Uri BaseUrl => new(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>
    /// Builds the worker from appsettings.json, the environment and <paramref name="args"/>.
    /// <paramref name="configureServices"/> lets tests swap a service (e.g. a failing file system).
    /// </summary>
    public static async Task<OrderCaptureHost> BuildAsync(string[] args, Action<IServiceCollection>? configureServices = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = ApiLimits.MaxBodyBytes);
        var simulator = await EmbeddedSimulator.StartIfConfiguredAsync(builder.Configuration, cancellationToken).ConfigureAwait(false);

        if (builder.Configuration.GetSection("Serilog").Exists() && builder.Configuration.GetValue("Logging:Serilog", true))
        {
            // Sinks and levels from the Serilog section (console + rolling JSON file by default).
            builder.Logging.ClearProviders();
            builder.Logging.AddSerilog(new LoggerConfiguration().ReadFrom.Configuration(builder.Configuration).CreateLogger(), dispose: true);
        }

        builder.Services.AddSingleton(TimeProvider.System); // the one clock of the process
        builder.Services.AddOrderCaptureCore(builder.Configuration);
        builder.Services.AddOrderCaptureBackgroundServices();
        builder.Services.AddOrderCaptureJobs(builder.Configuration);
        builder.Services.AddOrderCaptureApi();
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapOrderCaptureApi();
        return new OrderCaptureHost(app, simulator);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync().ConfigureAwait(false); // graceful: loops see a stopping host, not a torn-down one
        await App.DisposeAsync().ConfigureAwait(false);
        if (Simulator is not null)
        {
            await Simulator.DisposeAsync().ConfigureAwait(false);
        }
    }
}
