using System.CommandLine;
using OrderCapture.Core.Checks;
using OrderCapture.Worker.Hosting;

namespace OrderCapture.Worker.Cli.Verbs;

/// <summary>
/// <c>ordercapture doctor</c>: the go-live checklist (<see cref="GoLiveChecklist"/>) against the
/// configured settings, one line per check; exit 0 only when every check passes. Nothing is written
/// at OCI; the only file written is a probe in the reports folder, removed again.
/// </summary>
internal static class DoctorVerb
{
    public static Command Create()
    {
        var command = new Command("doctor", "Check a configuration end to end before go-live: settings, store, IMPEX share, OCI token, availability, export, deltas.");
        command.SetAction(async (parse, ct) =>
        {
            var context = CliContext.From(parse);
            OrderCaptureHost host;
            try
            {
                host = await OrderCaptureHost.BuildAsync([.. context.ConfigTokens, "--Logging:LogLevel:Default=None", "--Logging:Serilog=false"], cancellationToken: ct).ConfigureAwait(false);
            }
            catch (ConfigurationException ex)
            {
                foreach (var problem in ex.Problems)
                {
                    Print(new ChecklistItem("settings", false, problem));
                }

                return ExitCodes.Findings;
            }

            await using (host.ConfigureAwait(false))
            {
                Print(new ChecklistItem("settings", true, "valid"));
                var failed = 0;
                await foreach (var item in host.App.Services.GetRequiredService<GoLiveChecklist>().RunAsync(ct).ConfigureAwait(false))
                {
                    Print(item);
                    failed += item.Ok ? 0 : 1;
                }

                Console.WriteLine(failed == 0 ? "All checks passed." : $"{failed} check(s) failed.");
                return failed == 0 ? ExitCodes.Ok : ExitCodes.Findings;
            }
        });
        return command;
    }

    private static void Print(ChecklistItem item) => Console.WriteLine($"{(item.Ok ? "ok  " : "FAIL")}  {item.Check,-28} {item.Detail}");
}
