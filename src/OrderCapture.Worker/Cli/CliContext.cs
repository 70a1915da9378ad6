using System.CommandLine;
using OrderCapture.Core.Connectivity;
using OrderCapture.Core.Outbox;
using OrderCapture.Core.Reports;
using OrderCapture.Worker.Hosting;

namespace OrderCapture.Worker.Cli;

/// <summary>
/// What every verb shares: the configuration the service would read (appsettings.json, the
/// environment, <c>--Key=Value</c> tokens), the service client, and the in-process fallback.
/// </summary>
public sealed class CliContext
{
    public static readonly Option<string?> UrlOption = new("--url") { Description = "Address of the running service (default: the first of Urls)", Recursive = true };

    private CliContext(ParseResult parse)
    {
        ConfigTokens = [.. parse.UnmatchedTokens];
        Configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(ConfigTokens)
            .Build();
        Url = parse.GetValue(UrlOption);
    }

    /// <summary>Configuration overrides given on the command line, passed on to an in-process host.</summary>
    public string[] ConfigTokens { get; }

    public IConfiguration Configuration { get; }

    public string? Url { get; }

    public static CliContext From(ParseResult parse) => new(parse);

    public ServiceClient Client() => new(Configuration, Url);

    /// <summary>
    /// Runs <paramref name="work"/> against this machine's store with no service running: under the
    /// process lock, so it never overlaps the service or another verb.
    /// </summary>
    public async Task<int> InProcessAsync(Func<IServiceProvider, CancellationToken, Task<int>> work, CancellationToken cancellationToken)
    {
        using var processLock = ProcessLock.TryAcquire(ProcessLock.PathFrom(Configuration));
        if (processLock is null)
        {
            await Console.Error.WriteLineAsync($"No service answers at {Client().BaseAddress}, and another ordercapture holds the lock {ProcessLock.PathFrom(Configuration)}; try again when it is done.").ConfigureAwait(false);
            return ExitCodes.Locked;
        }

        await using var host = await OrderCaptureHost.BuildAsync([.. ConfigTokens, "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.AspNetCore.HttpLogging=Warning", "--Logging:Serilog=false"], cancellationToken: cancellationToken).ConfigureAwait(false);
        await host.App.Services.GetRequiredService<OciConnectivity>().InitializeAsync(cancellationToken).ConfigureAwait(false);

        // No service runs the outbox here. What a stopped service left in it goes out first (a merge
        // must see those files, not have them reappear after it); what this run adds, after.
        var outbox = host.App.Services.GetRequiredService<OutboxDispatcher>();
        await DrainAsync(outbox, cancellationToken).ConfigureAwait(false);
        var exitCode = await work(host.App.Services, cancellationToken).ConfigureAwait(false);
        await DrainAsync(outbox, cancellationToken).ConfigureAwait(false);
        return exitCode;
    }

    private static async Task DrainAsync(OutboxDispatcher outbox, CancellationToken cancellationToken)
    {
        while (await outbox.DispatchDueAsync(cancellationToken).ConfigureAwait(false) > 0)
        {
        }
    }

    /// <summary>Asks the running service; when none answers, does the work in-process.</summary>
    public async Task<int> RemoteOrLocalAsync(
        Func<ServiceClient, CancellationToken, Task<int?>> remote,
        Func<IServiceProvider, CancellationToken, Task<int>> local,
        CancellationToken cancellationToken)
    {
        using var client = Client();
        return await remote(client, cancellationToken).ConfigureAwait(false)
            ?? await InProcessAsync(local, cancellationToken).ConfigureAwait(false);
    }
}
