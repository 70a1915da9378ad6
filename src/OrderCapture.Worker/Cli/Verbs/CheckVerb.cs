using System.CommandLine;
using OrderCapture.Core.Checks;

namespace OrderCapture.Worker.Cli.Verbs;

/// <summary>
/// <c>ordercapture check [--raw]</c>: finds inconsistencies between the store, the holds and the
/// reports; exit 1 if any. It only reads, so it runs in-process next to a running service.
/// </summary>
internal static class CheckVerb
{
    public static Command Create()
    {
        var raw = new Option<bool>("--raw") { Description = "One tab-separated finding per line (kind, site, order, detail), for scripts" };
        var command = new Command("check", "Check store, holds and reports against each other; exit 1 when anything is found.") { raw };
        command.SetAction(async (parse, ct) =>
        {
            var context = CliContext.From(parse);
            // check never calls OCI: Remote mode with a placeholder address keeps the host from starting a simulator.
            await using var host = await Hosting.OrderCaptureHost.BuildAsync([.. context.ConfigTokens, "--Logging:LogLevel:Default=Warning", "--Logging:Serilog=false", "--Oci:Mode=Remote", "--Oci:BaseUrl=http://127.0.0.1:9"], cancellationToken: ct).ConfigureAwait(false);
            var findings = await host.App.Services.GetRequiredService<ConsistencyChecker>().CheckAsync(ct).ConfigureAwait(false);
            if (parse.GetValue(raw))
            {
                foreach (var finding in findings)
                {
                    Console.WriteLine(finding);
                }
            }
            else if (findings.Count == 0)
            {
                Console.WriteLine("check: no inconsistencies found.");
            }
            else
            {
                CliOutput.Table($"check: {findings.Count} finding(s)", ["kind", "site", "order", "detail"], findings.Select(f => new[] { f.Kind, f.Site, f.OrderNo, f.Detail }));
            }

            return findings.Count == 0 ? ExitCodes.Ok : ExitCodes.Findings;
        });
        return command;
    }
}
