using System.CommandLine;
using OrderCapture.Core.Checks;
using OrderCapture.Core.Checks.OciVerification;
using OrderCapture.Core.Oci;

namespace OrderCapture.Worker.Cli.Verbs;

/// <summary>
/// <c>ordercapture check [--raw] [--since T] [--verify-oci]</c>: finds inconsistencies between the
/// store, the holds and the reports, and with <c>--verify-oci</c> between the store and OCI's
/// reservation documents (through the reservations export: read-only, never a PUT); exit 1 if any.
/// It runs in-process next to a running service: it reads the same store and starts no job.
/// </summary>
internal static class CheckVerb
{
    public const string EmbeddedSimulatorRefusal =
        "check --verify-oci: Oci:Mode is Simulator, so OCI is a simulator inside each process, and this one would start its own, empty. " +
        "Give Oci:Mode=Remote and Oci:BaseUrl (the OCI the service uses). Nothing was checked.";

    public static Command Create()
    {
        var raw = new Option<bool>("--raw") { Description = "One tab-separated finding per line (kind, site, order, detail), for scripts" };
        var verifyOci = new Option<bool>("--verify-oci") { Description = "Also compare orders with OCI's reservation documents (reservations export; read-only at OCI)" };
        var since = new Option<string?>("--since") { Description = "Only orders captured from this moment on (ISO 8601 date or date-time, UTC unless it says otherwise); with --verify-oci the default is where the last run left off, or 7 days" };
        var command = new Command("check", "Check store, holds and reports against each other (and OCI with --verify-oci); exit 1 when anything is found.") { raw, verifyOci, since };
        command.SetAction(async (parse, ct) =>
        {
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
            var withOci = parse.GetValue(verifyOci);
            if (withOci && context.Configuration.GetValue("Oci:Mode", OciMode.Simulator) == OciMode.Simulator)
            {
                await Console.Error.WriteLineAsync(EmbeddedSimulatorRefusal).ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            // Without --verify-oci, check never calls OCI: Remote mode with a placeholder address keeps the host from starting a simulator.
            string[] oci = withOci ? [] : ["--Oci:Mode=Remote", "--Oci:BaseUrl=http://127.0.0.1:9"];
            await using var host = await Hosting.OrderCaptureHost.BuildAsync([.. context.ConfigTokens, "--Logging:LogLevel:Default=Warning", "--Logging:Serilog=false", .. oci], cancellationToken: ct).ConfigureAwait(false);
            var findings = (await host.App.Services.GetRequiredService<ConsistencyChecker>().CheckAsync(from, ct).ConfigureAwait(false)).ToList();
            string? ociSummary = null;
            if (withOci)
            {
                var outcome = await host.App.Services.GetRequiredService<OciVerifier>().VerifyAsync(from, new ExportProgressLine(), ct).ConfigureAwait(false);
                if (outcome is OciVerificationOutcome.OciUnavailable unavailable)
                {
                    await Console.Error.WriteLineAsync($"check --verify-oci: {unavailable.Reason}. Nothing was compared with OCI; try again when it answers.").ConfigureAwait(false);
                    return ExitCodes.OciUnavailable;
                }

                var done = (OciVerificationOutcome.Completed)outcome;
                findings.AddRange(done.Findings);
                ociSummary = $"check --verify-oci: {done.Judged} order(s) captured {done.From:u} to {done.To:u} compared with {done.Documents} OCI document(s); "
                    + $"{done.Unsettled} not settled yet (the next run starts at {done.NextFrom:u}).";
            }

            if (parse.GetValue(raw))
            {
                foreach (var finding in findings)
                {
                    Console.WriteLine(finding);
                }
            }
            else
            {
                if (ociSummary is not null)
                {
                    Console.WriteLine(ociSummary);
                }

                if (findings.Count == 0)
                {
                    Console.WriteLine("check: no inconsistencies found.");
                }
                else
                {
                    CliOutput.Table($"check: {findings.Count} finding(s)", ["kind", "site", "order", "detail"], findings.Select(f => new[] { f.Kind, f.Site, f.OrderNo, f.Detail }));
                }
            }

            return findings.Count == 0 ? ExitCodes.Ok : ExitCodes.Findings;
        });
        return command;
    }

    /// <summary>Shows an export's progress on standard error, a line each time its status or count moves.</summary>
    private sealed class ExportProgressLine : IProgress<Core.Oci.Contracts.ExportProgress>
    {
        private (string Id, string Status, long Records)? _last;

        public void Report(Core.Oci.Contracts.ExportProgress value)
        {
            if (_last == (value.ExportId, value.Status, value.RecordsProcessed))
            {
                return;
            }

            _last = (value.ExportId, value.Status, value.RecordsProcessed);
            Console.Error.WriteLine($"OCI reservations export {value.ExportId}: {value.Status}, {value.RecordsProcessed} record(s), {value.Elapsed.TotalSeconds:0.0} s");
        }
    }
}
