using System.CommandLine;
using OrderCapture.Core.Checks;

namespace OrderCapture.Worker.Cli.Verbs;

/// <summary>
/// <c>ordercapture check [--raw] [--since T]</c>: finds inconsistencies between the store, the holds and the
/// reports; exit 1 if any. It only reads, so it runs in-process next to a running service.
/// <c>--verify-oci</c> is refused (exit 2) with the reason: the OCI contract has no read of a
/// reservation document, and the only way to learn one — replaying its PUT — creates the document
/// (reserving stock) whenever it is missing, which is exactly the case a check looks for.
/// </summary>
internal static class CheckVerb
{
    public const string VerifyOciRefusal =
        "check --verify-oci: not available. The OCI contract has no way to read a reservation document; replaying its PUT " +
        "would create the document (and reserve stock) for any order whose reservation is missing, which is what a check " +
        "looks for and must never do. Nothing was checked or changed. Compare orders with OCI by hand (docs/operations.md).";

    public static Command Create()
    {
        var raw = new Option<bool>("--raw") { Description = "One tab-separated finding per line (kind, site, order, detail), for scripts" };
        var verifyOci = new Option<bool>("--verify-oci") { Description = "Not available: OCI offers no read of reservation documents (see docs/operations.md)" };
        var since = new Option<string?>("--since") { Description = "Only orders captured from this moment on (ISO 8601 date or date-time, UTC unless it says otherwise)" };
        var command = new Command("check", "Check store, holds and reports against each other; exit 1 when anything is found.") { raw, verifyOci, since };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(verifyOci))
            {
                await Console.Error.WriteLineAsync(VerifyOciRefusal).ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            DateTimeOffset? from = null;
            if (parse.GetValue(since) is { } text)
            {
                if (!DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed))
                {
                    await Console.Error.WriteLineAsync($"check: --since '{text}' is not a date or date-time (e.g. 2026-11-01 or 2026-11-01T06:00:00Z). Nothing was checked.").ConfigureAwait(false);
                    return ExitCodes.Usage;
                }

                from = parsed;
            }

            var context = CliContext.From(parse);
            // check never calls OCI: Remote mode with a placeholder address keeps the host from starting a simulator.
            await using var host = await Hosting.OrderCaptureHost.BuildAsync([.. context.ConfigTokens, "--Logging:LogLevel:Default=Warning", "--Logging:Serilog=false", "--Oci:Mode=Remote", "--Oci:BaseUrl=http://127.0.0.1:9"], cancellationToken: ct).ConfigureAwait(false);
            var findings = await host.App.Services.GetRequiredService<ConsistencyChecker>().CheckAsync(from, ct).ConfigureAwait(false);
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
