using System.CommandLine;
using OrderCapture.Core.Connectivity;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Storage;

namespace OrderCapture.Worker.Cli.Verbs;

/// <summary><c>ordercapture status</c>: OCI state, queue depth, last reconciliation.</summary>
internal static class StatusVerb
{
    public static Command Create()
    {
        var command = new Command("status", "Show OCI connectivity, the Reservation Missing queue and the last reconciliation.");
        command.SetAction((parse, ct) => CliContext.From(parse).RemoteOrLocalAsync(
            async (client, token) =>
            {
                if (await client.SendAsync<Api.StatusAnswer>(HttpMethod.Get, "/api/status", null, token).ConfigureAwait(false) is not { } answer)
                {
                    return null;
                }

                if (!answer.Ok)
                {
                    return await CliOutput.ServiceErrorAsync(answer.Status, answer.Body).ConfigureAwait(false);
                }

                var status = answer.Value!;
                Print(status.Oci, status.Since.ToString("O"), status.Queue.ReservationMissing,
                    status.LastReconciliation is { } run ? System.Text.Json.JsonSerializer.Serialize(run, Api.ApiJson.Options) : "none yet");
                return ExitCodes.Ok;
            },
            async (services, token) =>
            {
                var connectivity = services.GetRequiredService<OciConnectivity>();
                var counts = await services.GetRequiredService<IOrderQueries>().CountByStatusAsync(token).ConfigureAwait(false);
                Print(connectivity.State.ToString().ToLowerInvariant(), connectivity.Since.ToString("O"), counts[OrderStatus.ReservationMissing], "not known (no service running)");
                return ExitCodes.Ok;
            },
            ct));
        return command;
    }

    private static void Print(string oci, string since, long queue, string lastRun) =>
        CliOutput.Table("OrderCapture status", ["OCI", "since", "Reservation Missing", "last reconciliation"], [[oci, since, queue.ToString(System.Globalization.CultureInfo.InvariantCulture), lastRun]]);
}
