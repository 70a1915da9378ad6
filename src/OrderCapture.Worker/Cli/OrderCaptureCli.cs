using System.CommandLine;
using OrderCapture.Worker.Cli.Verbs;
using OrderCapture.Worker.Hosting;

namespace OrderCapture.Worker.Cli;

/// <summary>
/// The <c>ordercapture</c> command line: <c>run</c> (the default), <c>demo</c>, <c>status</c>,
/// <c>reconcile</c>, <c>merge</c>, <c>orders</c>, <c>alerts</c>, <c>check</c>, <c>cancel</c>, <c>key</c>. Tokens of the
/// form <c>--Section:Key=value</c> override configuration, as for the service.
/// </summary>
public static class OrderCaptureCli
{
    public static Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("OrderCapture: keeps a B2C Commerce storefront selling while Omnichannel Inventory is down, and reconciles when it is back.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        root.Options.Add(CliContext.UrlOption);
        var run = new Command("run", "Run the service: API, status page, jobs (the default verb).") { TreatUnmatchedTokensAsErrors = false };
        run.SetAction(RunServiceAsync);
        root.SetAction(RunServiceAsync);
        root.Subcommands.Add(run);
        root.Subcommands.Add(DemoVerb.Create());
        root.Subcommands.Add(StatusVerb.Create());
        root.Subcommands.Add(ReconcileVerb.Create());
        root.Subcommands.Add(MergeVerb.Create());
        root.Subcommands.Add(PurgeVerb.Create());
        root.Subcommands.Add(OrdersVerb.Create());
        root.Subcommands.Add(AlertsVerb.Create());
        root.Subcommands.Add(CheckVerb.Create());
        root.Subcommands.Add(CancelVerb.Create());
        root.Subcommands.Add(DoctorVerb.Create());
        root.Subcommands.Add(ResolveVerb.Create());
        root.Subcommands.Add(KeyVerb.Create());
        foreach (var verb in root.Subcommands)
        {
            verb.TreatUnmatchedTokensAsErrors = false;
        }

        return InvokeAsync(root.Parse(args));
    }

    /// <summary>A configuration problem is one line each on stderr and exit 2, from any verb: never a stack trace.</summary>
    private static async Task<int> InvokeAsync(ParseResult parse)
    {
        // Bad arguments are exit 2 (README), whether System.CommandLine or the settings rule finds them.
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync(error.Message).ConfigureAwait(false);
            }

            return ExitCodes.Usage;
        }

        if (ConfigTokens.Problem(parse) is { } mistake)
        {
            await Console.Error.WriteLineAsync(mistake).ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
        }
        catch (ConfigurationException ex)
        {
            foreach (var problem in ex.Problems)
            {
                await Console.Error.WriteLineAsync($"configuration: {problem}").ConfigureAwait(false);
            }

            return ExitCodes.Usage;
        }
    }

    private static async Task<int> RunServiceAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var context = CliContext.From(parse);
        using var processLock = ProcessLock.TryAcquire(ProcessLock.PathFrom(context.Configuration));
        if (processLock is null)
        {
            await Console.Error.WriteLineAsync($"Another ordercapture holds {ProcessLock.PathFrom(context.Configuration)}; one service per data folder.").ConfigureAwait(false);
            return ExitCodes.Locked;
        }

        await using var host = await OrderCaptureHost.BuildAsync(context.ConfigTokens, cancellationToken: cancellationToken).ConfigureAwait(false);
        await host.App.RunAsync(cancellationToken).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
