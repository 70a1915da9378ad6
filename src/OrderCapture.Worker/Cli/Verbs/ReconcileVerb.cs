using System.CommandLine;
using System.Text.Json;
using OrderCapture.Core.Reconciliation;
using Spectre.Console;

namespace OrderCapture.Worker.Cli.Verbs;

/// <summary><c>ordercapture reconcile [--site X] [--wait]</c>: re-run reconciliation now.</summary>
internal static class ReconcileVerb
{
    public static Command Create()
    {
        var site = new Option<string?>("--site") { Description = "Only this site's orders" };
        var wait = new Option<bool>("--wait") { Description = "Wait until the run has finished, showing the queue draining" };
        var command = new Command("reconcile", "Reserve the Reservation Missing queue at OCI now.") { site, wait };
        command.SetAction((parse, ct) =>
        {
            var (onlySite, waitForIt) = (parse.GetValue(site), parse.GetValue(wait));
            return CliContext.From(parse).RemoteOrLocalAsync(
                async (client, token) =>
                {
                    var before = await client.SendAsync<Api.StatusAnswer>(HttpMethod.Get, "/api/status", null, token).ConfigureAwait(false);
                    if (before is null)
                    {
                        return null;
                    }

                    var triggered = await client.SendAsync<Api.ReconcileTriggered>(HttpMethod.Post, "/api/reconcile", new { site = onlySite }, token).ConfigureAwait(false);
                    if (triggered is not { Status: 202 } || before.Value is null)
                    {
                        return await CliOutput.ServiceErrorAsync(triggered?.Status ?? 0, triggered?.Body ?? default).ConfigureAwait(false);
                    }

                    Console.WriteLine("Reconciliation triggered.");
                    return waitForIt ? await WaitAsync(client, before.Value.LastReconciliation?.FinishedAt, token).ConfigureAwait(false) : ExitCodes.Ok;
                },
                async (services, token) =>
                {
                    var run = await AnsiConsole.Status().StartAsync("Reconciling in-process…", _ =>
                        services.GetRequiredService<ReconciliationService>().RunAsync(onlySite, wait: true, token)).ConfigureAwait(false);
                    Print(run!);
                    return run!.OciOffline ? ExitCodes.Findings : ExitCodes.Ok;
                },
                ct);
        });
        return command;
    }

    private static async Task<int> WaitAsync(ServiceClient client, DateTimeOffset? previousRun, CancellationToken cancellationToken)
    {
        ReconciliationRun? finished = null;
        await AnsiConsole.Progress().StartAsync(async progress =>
        {
            var task = progress.AddTask("Reservation Missing queue");
            double? first = null;
            while (true)
            {
                var status = (await client.SendAsync<Api.StatusAnswer>(HttpMethod.Get, "/api/status", null, cancellationToken).ConfigureAwait(false))?.Value
                    ?? throw new InvalidOperationException("The service stopped answering /api/status while the run was awaited.");
                var queued = status.Queue.ReservationMissing;
                first ??= Math.Max(1, queued);
                task.Value = 100 * (1 - (queued / first.Value));
                if (status.LastReconciliation is { } run && run.FinishedAt != previousRun)
                {
                    finished = run;
                    task.Value = 100;
                    break;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250), TimeProvider.System, cancellationToken).ConfigureAwait(false); // a verb is a composition root
            }
        }).ConfigureAwait(false);
        Print(finished!);
        return finished!.OciOffline ? ExitCodes.Findings : ExitCodes.Ok;
    }

    private static void Print(ReconciliationRun run) => CliOutput.Table(
        run.OciOffline ? "Reconciliation stopped: OCI remains offline" : "Reconciliation finished",
        ["completely", "partially", "nothing", "needs review", "still queued", "seconds"],
        [[$"{run.CompletelyReserved}", $"{run.PartiallyReserved}", $"{run.NothingReserved}", $"{run.NeedsReview}", $"{run.StillQueued}", $"{(run.FinishedAt - run.StartedAt).TotalSeconds:0.0}"]]);
}
