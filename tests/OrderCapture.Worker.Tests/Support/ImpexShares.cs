using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrderCapture.Core;
using OrderCapture.Core.Reports.Share;
using OrderCapture.Impex;
using OrderCapture.Oci;
using OrderCapture.Testing;

namespace OrderCapture.Worker.Tests.Support;

/// <summary>A share built the way the worker builds it (its settings, its registrations), without a worker around it.</summary>
public sealed class ImpexShares : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private ImpexShares(ServiceProvider services) => _services = services;

    public IImpexShare Share => _services.GetRequiredService<IImpexShare>();

    public IServiceProvider Services => _services;

    /// <summary>The settings of a WebDAV share signing in with Basic at <paramref name="url"/>.</summary>
    public static Dictionary<string, string> WebDavSettings(Uri url, string accessKey = NginxWebDav.AccessKey) => new()
    {
        ["OrderCapture:Impex:Target"] = "WebDav",
        ["OrderCapture:Impex:WebDavUrl"] = url.ToString(),
        ["OrderCapture:Impex:Auth"] = "Basic",
        ["OrderCapture:Impex:UserName"] = NginxWebDav.User,
        ["OrderCapture:Impex:AccessKey"] = accessKey,
    };

    public static ImpexShares Create(IDictionary<string, string> settings, string folder)
    {
        var all = new Dictionary<string, string?>(settings.Select(kv => KeyValuePair.Create(kv.Key, (string?)kv.Value)))
        {
            ["OrderCapture:ImpexRoot"] = Path.Combine(folder, "impex"),
            ["OrderCapture:OperatorKeys:0"] = WorkerTestHost.ApiKey,
            ["OrderCapture:Sites:0:Id"] = WorkerTestHost.Site,
            ["OrderCapture:Sites:0:InventoryListId"] = WorkerTestHost.List,
            ["Oci:BaseUrl"] = settings.TryGetValue("Oci:BaseUrl", out var oci) ? oci : "http://127.0.0.1:9/",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddOrderCaptureCore(configuration);
        services.AddOciClient(o => o.BindConfiguration(Core.Oci.OciOptions.SectionName));
        services.AddImpexShare(configuration);
        return new ImpexShares(services.BuildServiceProvider());
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
