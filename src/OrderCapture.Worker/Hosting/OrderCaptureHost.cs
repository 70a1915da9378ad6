using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OrderCapture.Core;
using OrderCapture.Core.Hosting;
using OrderCapture.Impex;
using OrderCapture.Oci;
using OrderCapture.OciSimulator;
using OrderCapture.Storage;
using OrderCapture.Worker.Api;
using OrderCapture.Worker.Jobs;
using OrderCapture.Worker.Webhooks;
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
    public Uri BaseUrl => new(ListenAddresses.Loopback(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First())!);

    /// <summary>
    /// Builds the worker from appsettings.json, the environment and <paramref name="args"/>.
    /// <paramref name="configureServices"/> lets tests swap a service (e.g. a failing file system).
    /// A configuration it cannot run with throws <see cref="ConfigurationException"/> with every
    /// problem at once, before anything has started.
    /// </summary>
    public static async Task<OrderCaptureHost> BuildAsync(string[] args, Action<IServiceCollection>? configureServices = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateBuilder(args);
        Security.SecurityServiceCollectionExtensions.DefaultAllowedHosts(builder.Configuration);
        builder.Services.AddSection<HttpLimitsOptions, HttpLimitsOptionsAnnotationsValidator>(HttpLimitsOptions.SectionName);
        builder.Services.AddOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>()
            .Configure<Microsoft.Extensions.Options.IOptions<HttpLimitsOptions>>((kestrel, limits) => limits.Value.ApplyTo(kestrel.Limits));
        var problems = ConfigurationProblems.Find(builder.Configuration, builder.Environment).ToList();
        var simulator = problems.Count == 0 ? await EmbeddedSimulator.StartIfConfiguredAsync(builder.Configuration, cancellationToken).ConfigureAwait(false) : null;
        if (problems.Count > 0 && builder.Configuration["Oci:BaseUrl"] is null)
        {
            // The simulator was not started; its address must not read as one more problem.
            builder.Configuration["Oci:BaseUrl"] = "http://127.0.0.1:9/";
        }

        if (builder.Configuration.GetSection("Serilog").Exists() && builder.Configuration.GetValue("Logging:Serilog", true))
        {
            try
            {
                // Read once now, so a bad Serilog section is a configuration problem, not a crash at start.
                new LoggerConfiguration().ReadFrom.Configuration(builder.Configuration).CreateLogger().Dispose();
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or InvalidCastException)
            {
                problems.Add($"Serilog: {ex.Message}");
            }

            // Sinks and levels from the Serilog section (console + rolling compact-JSON file by default).
            // The static Log.Logger is left alone: a process may build more than one host (CLI, tests).
            builder.Services.AddSerilog((services, logger) => logger.ReadFrom.Configuration(builder.Configuration).ReadFrom.Services(services).Enrich.FromLogContext(),
                preserveStaticLogger: true);
        }

        builder.Services.AddSingleton(TimeProvider.System); // the one clock of the process
        // No-ops unless started by the Service Control Manager / systemd: then start/stop follow them,
        // systemd hears READY=1 once every hosted service has started (StartupReadiness last), logs go to journald.
        builder.Services.AddWindowsService(o => o.ServiceName = "OrderCapture");
        builder.Services.AddSystemd();
        builder.Services.AddOrderCaptureCore(builder.Configuration);
        builder.Services.AddOrderCaptureStorage();
        builder.Services.AddOciClient(o => o.BindConfiguration(Core.Oci.OciOptions.SectionName));
        builder.Services.AddImpexShare(builder.Configuration);
        builder.Services.AddOrderCaptureWebhooks();
        builder.Services.AddOrderCaptureBackgroundServices();
        builder.Services.AddOrderCaptureJobs(builder.Configuration);
        builder.Services.AddOrderCaptureApi(builder.Configuration);
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        problems.AddRange(ConfigurationProblems.OfOptions(app.Services));
        if (problems.Count == 0 && OpenStore(app.Services) is { } storeProblem)
        {
            problems.Add(storeProblem);
        }

        if (problems.Count > 0)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            if (simulator is not null)
            {
                await simulator.DisposeAsync().ConfigureAwait(false);
            }

            throw new ConfigurationException(problems);
        }

        app.MapOrderCaptureApi();
        var keys = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Core.Sites.OrderCaptureOptions>>().Value;
        if (!string.IsNullOrEmpty(keys.ApiKey))
        {
            await Console.Error.WriteLineAsync(
                "warning: OrderCapture:ApiKey carries both roles, so every storefront holding it can also operate the service: give storefronts OrderCapture:StorefrontKeys and operators OrderCapture:OperatorKeys, then remove it.").ConfigureAwait(false);
        }

        if (simulator is not null)
        {
            await Console.Error.WriteLineAsync(
                $"*** Oci:Mode is Simulator: orders are reserved against an in-process OCI SIMULATOR at {simulator.BaseUrl}, not Salesforce OCI. ***").ConfigureAwait(false);
        }

        return new OrderCaptureHost(app, simulator);
    }

    /// <summary>Opens (and migrates) the store now, so an unreachable database is a configuration problem, not a crash at start.</summary>
    private static string? OpenStore(IServiceProvider services)
    {
        try
        {
            services.GetRequiredService<Core.Storage.IOrderStore>();
            return null;
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or System.Net.Sockets.SocketException or IOException or UnauthorizedAccessException or TimeoutException)
        {
            var provider = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Core.Storage.StorageOptions>>().Value.Provider;
            return $"Storage: the {provider} store cannot be opened with Storage:ConnectionString: {ex.Message.Split('\n')[0].Trim()}";
        }
    }

    private bool _disposed;

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (App.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.IsCancellationRequested)
        {
            await App.StopAsync().ConfigureAwait(false); // graceful: loops see a stopping host, not a torn-down one
        }

        await App.DisposeAsync().ConfigureAwait(false);
        if (Simulator is not null)
        {
            await Simulator.DisposeAsync().ConfigureAwait(false);
        }
    }
}
