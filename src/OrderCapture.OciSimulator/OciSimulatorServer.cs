using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrderCapture.OciSimulator.State;

namespace OrderCapture.OciSimulator;

/// <summary>The simulator hosted in-process on a loopback port (0 = a free one), for tests, the demo and benchmarks.</summary>
public sealed class OciSimulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OciSimulatorServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public SimulatorState State => _app.Services.GetRequiredService<SimulatorState>();

    public FaultController Faults => _app.Services.GetRequiredService<FaultController>();

    public RequestStats Stats => _app.Services.GetRequiredService<RequestStats>();

    public TokenStore Tokens => _app.Services.GetRequiredService<TokenStore>();

    /// <summary>The other sales channels (<c>PUT /_sim/channel</c>).</summary>
    public OtherChannel Channel => _app.Services.GetRequiredService<OtherChannel>();

    public static async Task<OciSimulatorServer> StartAsync(SimulatorOptions? options = null, int port = 0, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port);
            k.Limits.MaxRequestBodySize = 8 << 20;
        });
        builder.Services.AddOciSimulator(options ?? new SimulatorOptions(), timeProvider ?? TimeProvider.System);
        var app = builder.Build();
        app.MapOciSimulator();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new OciSimulatorServer(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
