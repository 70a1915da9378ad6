using System.CommandLine;
using OrderCapture.Core.Retention;

namespace OrderCapture.Worker.Cli.Verbs;

/// <summary><c>ordercapture purge</c>: remove finished work past the <c>Retention</c> windows now (the nightly job's work).</summary>
internal static class PurgeVerb
{
    public static Command Create()
    {
        var command = new Command("purge", "Remove finished orders, delivered outbox rows, alerts, connectivity history and daily files past their Retention windows.");
        command.SetAction((parse, ct) => CliContext.From(parse).RemoteOrLocalAsync(
            async (client, token) =>
            {
                if (await client.SendAsync<Api.PurgeAnswer>(HttpMethod.Post, "/api/purge", new { }, token).ConfigureAwait(false) is not { } answer)
                {
                    return null;
                }

                if (!answer.Ok)
                {
                    return await CliOutput.ServiceErrorAsync(answer.Status, answer.Body).ConfigureAwait(false);
                }

                var b = answer.Value!;
                Print(new PurgeResult(b.Orders, b.DeliveredOutbox, b.Alerts, b.ConnectivityTransitions, b.DailyFiles));
                return ExitCodes.Ok;
            },
            async (services, token) =>
            {
                Print(await services.GetRequiredService<RetentionService>().PurgeAsync(token).ConfigureAwait(false));
                return ExitCodes.Ok;
            },
            ct));
        return command;
    }

    private static void Print(PurgeResult result) => Console.WriteLine($"purge: removed {result}.");
}
