using System.CommandLine;
using OrderCapture.Core.Reports;
using Spectre.Console;

namespace OrderCapture.Worker.Cli.Verbs;

/// <summary><c>ordercapture merge [--date yyyyMMdd] [--site X]</c>: fold work files into daily files now.</summary>
internal static class MergeVerb
{
    public static Command Create()
    {
        var date = new Option<string?>("--date") { Description = "Only this day (yyyyMMdd, in the site's time zone)" };
        var site = new Option<string?>("--site") { Description = "Only this site" };
        var command = new Command("merge", "Merge work files into the daily report files.") { date, site };
        command.SetAction((parse, ct) =>
        {
            var (onlyDate, onlySite) = (parse.GetValue(date), parse.GetValue(site));
            return CliContext.From(parse).RemoteOrLocalAsync(
                async (client, token) =>
                {
                    var answer = await AnsiConsole.Status().StartAsync("Merging (in the service)…", _ =>
                        client.SendAsync<Api.MergeAnswer>(HttpMethod.Post, "/api/merge", new { date = onlyDate, site = onlySite }, token)).ConfigureAwait(false);
                    if (answer is not { } merged)
                    {
                        return null;
                    }

                    if (!merged.Ok)
                    {
                        return await CliOutput.ServiceErrorAsync(merged.Status, merged.Body).ConfigureAwait(false);
                    }

                    Print(merged.Value!.WorkFilesMerged, merged.Value.DailyFiles);
                    return ExitCodes.Ok;
                },
                async (services, token) =>
                {
                    MergeResult? result = null;
                    await AnsiConsole.Progress().StartAsync(async progress =>
                    {
                        var task = progress.AddTask("Work files merged");
                        result = await services.GetRequiredService<DailyMerge>().MergeAsync(onlyDate, onlySite,
                            new Progress<(int Done, int Total)>(p => task.Value = p.Total == 0 ? 100 : 100.0 * p.Done / p.Total), token).ConfigureAwait(false);
                        task.Value = 100;
                    }).ConfigureAwait(false);
                    Print(result!.WorkFilesMerged, result.DailyFiles);
                    return ExitCodes.Ok;
                },
                ct);
        });
        return command;
    }

    private static void Print(int merged, IReadOnlyList<string> dailyFiles) =>
        CliOutput.Table($"{merged} work file(s) merged", ["daily file"], dailyFiles.Select(f => new[] { f }));
}
