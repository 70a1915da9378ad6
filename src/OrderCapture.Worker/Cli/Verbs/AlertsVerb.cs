using System.CommandLine;
using OrderCapture.Core.Storage;

namespace OrderCapture.Worker.Cli.Verbs;

/// <summary><c>ordercapture alerts [--since T]</c>.</summary>
internal static class AlertsVerb
{
    public static Command Create()
    {
        var since = new Option<DateTimeOffset?>("--since") { Description = "Only alerts at or after this ISO 8601 time" };
        var command = new Command("alerts", "List alerts, newest first.") { since };
        command.SetAction((parse, ct) =>
        {
            var from = parse.GetValue(since);
            return CliContext.From(parse).RemoteOrLocalAsync(
                async (client, token) =>
                {
                    var path = from is { } f ? $"/api/alerts?since={Uri.EscapeDataString(f.ToString("O"))}" : "/api/alerts";
                    if (await client.SendAsync<List<Alert>>(HttpMethod.Get, path, null, token).ConfigureAwait(false) is not { } answer)
                    {
                        return null;
                    }

                    if (!answer.Ok)
                    {
                        return await CliOutput.ServiceErrorAsync(answer.Status, answer.Body).ConfigureAwait(false);
                    }

                    Print(Rows(answer.Value!));
                    return ExitCodes.Ok;
                },
                async (services, token) =>
                {
                    var alerts = await services.GetRequiredService<IAlertStore>().ListAlertsAsync(from, 500, token).ConfigureAwait(false);
                    Print(Rows(alerts));
                    return ExitCodes.Ok;
                },
                ct);
        });
        return command;
    }

    private static IEnumerable<string[]> Rows(IEnumerable<Alert> alerts) =>
        alerts.Select(a => new[] { a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), a.At.ToString("O"), a.Severity.ToString(), a.Kind, a.Message, a.AckedAt?.ToString("O") ?? "" });

    private static void Print(IEnumerable<string[]> rows) => CliOutput.Table("Alerts", ["id", "at", "severity", "kind", "message", "acknowledged"], rows);
}
