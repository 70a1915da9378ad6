using System.CommandLine;
using OrderCapture.Core.Capture;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Outbox;
using OrderCapture.Core.Reports;
using OrderCapture.Core.Storage;
using OrderCapture.Worker.Api;

namespace OrderCapture.Worker.Cli.Verbs;

/// <summary><c>ordercapture cancel SITE ORDERNO --reason R [--note N]</c>: cancel an order and release what it holds.</summary>
internal static class CancelVerb
{
    public static Command Create()
    {
        var site = new Argument<string>("site") { Description = "The order's site" };
        var orderNo = new Argument<string>("orderNo") { Description = "The order number" };
        var reason = new Option<string>("--reason")
        {
            Description = $"Why: {string.Join(" | ", CancelRules.CallerReasons.Order(StringComparer.Ordinal))}",
            Required = true,
        };
        reason.AcceptOnlyFromAmong([.. CancelRules.CallerReasons.Order(StringComparer.Ordinal)]);
        var note = new Option<string?>("--note") { Description = $"Free text kept with the cancel (at most {CancelRules.MaxNoteLength} characters)" };
        var command = new Command("cancel", "Cancel an order: its holds are released at once and its reservation at OCI is cancelled.") { site, orderNo, reason, note };
        command.SetAction((parse, ct) =>
        {
            var (s, o, r, n) = (parse.GetValue(site)!, parse.GetValue(orderNo)!, parse.GetValue(reason)!, parse.GetValue(note));
            return CliContext.From(parse).RemoteOrLocalAsync(
                async (client, token) =>
                {
                    var path = $"/api/orders/{Uri.EscapeDataString(s)}/{Uri.EscapeDataString(o)}/cancel";
                    if (await client.SendAsync<CancelAnswer>(HttpMethod.Post, path, new CancelBody(r, n), token).ConfigureAwait(false) is not { } answer)
                    {
                        return null;
                    }

                    if (!answer.Ok)
                    {
                        return await CliOutput.ServiceErrorAsync(answer.Status, answer.Body).ConfigureAwait(false);
                    }

                    Print(answer.Value!.Site, answer.Value.OrderNo, answer.Value.Reason, answer.Value.OciCancel);
                    return ExitCodes.Ok;
                },
                async (services, token) =>
                {
                    var result = await services.GetRequiredService<OrderCancellationService>().CancelAsync(s, o, r, n, waitForOci: false, token).ConfigureAwait(false);
                    if (result is not OrderActionResult.Done)
                    {
                        return await ReportAsync(result).ConfigureAwait(false);
                    }

                    // No service delivers the outbox here: send the OCI cancel now, so the answer can say "done".
                    var outbox = services.GetRequiredService<OutboxDispatcher>();
                    while (await outbox.DispatchDueAsync(token).ConfigureAwait(false) > 0)
                    {
                    }

                    var order = (await services.GetRequiredService<IOrderQueries>().GetOrderAsync(s, o, token).ConfigureAwait(false))!;
                    Print(order.Site, order.OrderNo, order.Cancellation!.Reason, CancellationView.OciCancelText(order.Cancellation.OciCancel));
                    return ExitCodes.Ok;
                },
                ct);
        });
        return command;
    }

    private static async Task<int> ReportAsync(OrderActionResult result)
    {
        var (message, code) = result switch
        {
            OrderActionResult.Invalid { Detail: var detail } => (detail, ExitCodes.Usage),
            OrderActionResult.NotFound => ("No such order.", ExitCodes.Findings),
            OrderActionResult.Refused { Why: var why } => ($"The order cannot be cancelled: {why}.", ExitCodes.Findings),
            _ => ($"Unexpected result {result}", ExitCodes.ServiceError),
        };
        await Console.Error.WriteLineAsync(message).ConfigureAwait(false);
        return code;
    }

    private static void Print(string site, string orderNo, string reason, string ociCancel) =>
        CliOutput.Table("Cancelled", ["site", "order", "reason", "OCI cancel"], [[site, orderNo, reason, ociCancel]]);
}
