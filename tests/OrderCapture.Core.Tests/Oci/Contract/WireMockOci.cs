using Microsoft.Extensions.DependencyInjection;
using OrderCapture.Core.Oci;
using OrderCapture.Oci;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace OrderCapture.Core.Tests.Oci.Contract;

/// <summary>
/// The real OCI client (through DI, with its handlers and Polly pipeline) against a WireMock.Net
/// server that answers as the vendor's API does (OCI-CONTRACT.md): the tests say exactly what the
/// client must send and how it reads each documented answer. Written against <see cref="IOciClient"/>,
/// so they hold whatever the client is built on.
/// </summary>
public sealed class WireMockOci : IDisposable
{
    public const string Token = "vendor-token-1";
    public const string Organization = "oc_sim";
    public const string ReservationBase = "/inventory/reservation/v1/organizations/oc_sim";
    public const string AvailabilityBase = "/inventory/availability/v1/organizations/oc_sim";
    public const string ImpexBase = "/inventory/impex/v1/organizations/oc_sim";

    private readonly ServiceProvider _services;

    private WireMockOci(WireMockServer server, ServiceProvider services)
    {
        Server = server;
        _services = services;
    }

    public WireMockServer Server { get; }

    public IOciClient Client => _services.GetRequiredService<IOciClient>();

    /// <summary>The requests the server saw at <paramref name="path"/>.</summary>
    public IReadOnlyList<WireMock.IRequestMessage> Requests(string path) =>
        [.. Server.LogEntries.Select(e => e.RequestMessage!).Where(r => r.Path == path)];

    /// <summary>Answers <paramref name="method"/> <paramref name="path"/> with a JSON body.</summary>
    public void Answer(string method, string path, int status, string body, string contentType = "application/json") =>
        Server.Given(Request.Create().WithPath(path).UsingMethod(method))
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", contentType).WithBody(body));

    /// <summary>A server that issues a token; every other route is the test's to stub.</summary>
    public static WireMockOci Start(Action<OciOptions>? configure = null)
    {
        var server = WireMockServer.Start();
        server.Given(Request.Create().WithPath("/dwsso/oauth2/access_token").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody($$"""{"access_token":"{{Token}}","scope":"SALESFORCE_COMMERCE_API:oc_sim","token_type":"BEARER","expires_in":1799}"""));
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddOciClient(o => o.Configure(options =>
        {
            options.BaseUrl = new Uri(server.Url!);
            options.OrganizationId = Organization;
            options.Resilience.AttemptTimeout = TimeSpan.FromSeconds(10); // a loaded CI machine must not turn an answer into a timeout
            options.Resilience.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
            options.Resilience.MaxRetryAttempts = 1;
            options.ExportPollInterval = TimeSpan.FromMilliseconds(20);
            configure?.Invoke(options);
        }));
        return new WireMockOci(server, services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }));
    }

    public void Dispose()
    {
        _services.Dispose();
        Server.Stop();
        Server.Dispose();
    }
}
