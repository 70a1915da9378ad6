using System.CommandLine;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Outbox;
using OrderCapture.Core.Reconciliation;
using OrderCapture.Core.Reports;
using OrderCapture.Worker.Api;

namespace OrderCapture.Worker.Cli.Verbs;

/// <summary><c>ordercapture resolve SITE ORDERNO --outcome O [--note N]</c>: an operator's decision on a NeedsReview order.</summary>
internal static class ResolveVerb
{
    public static Command Create()
    {
        var site = new Argument<string>("site") { Description = "The order's site" };
        var orderNo = new Argument<string>("orderNo") { Description = "The order number" };
        var outcome = new Option<string>("--outcome") { Description = "CompletelyReserved | NothingReserved | Cancelled", Required = true };
        outcome.AcceptOnlyFromAmong([.. ReviewResolutionService.Outcomes.Select(o => o.ToString())]);
        var note = new Option<string?>("--note") { Description = "Why (kept in the alert, or with the cancel)" };
        var command = new Command("resolve", "Record an operator's decision on a NeedsReview order; releases or keeps its hold as the decision implies and writes its report.") { site, orderNo, outcome, note };
        command.SetAction((parse, ct) =>
        {
            var (s, o, decided, n) = (parse.GetValue(site)!, parse.GetValue(orderNo)!, parse.GetValue(outcome)!, parse.GetValue(note));
            return CliContext.From(parse).RemoteOrLocalAsync(
                async (client, token) =>
                {
                    var path = $"/api/orders/{Uri.EscapeDataString(s)}/{Uri.EscapeDataString(o)}/resolve";
                    if (await client.SendAsync<OrderView>(HttpMethod.Post, path, new ResolveBody(decided, n), token).ConfigureAwait(false) is not { } answer)
                    {
                        return null;
                    }

                    if (!answer.Ok)
                    {
                        return await CliOutput.ServiceErrorAsync(answer.Status, answer.Body).ConfigureAwait(false);
                    }

                    Console.WriteLine($"{s}/{o} resolved: {answer.Value!.Status}");
                    return ExitCodes.Ok;
                },
                async (services, token) =>
                {
                    var result = await services.GetRequiredService<ReviewResolutionService>().ResolveAsync(s, o, decided, n, token).ConfigureAwait(false);
                    var outbox = services.GetRequiredService<OutboxDispatcher>();
                    while (await outbox.DispatchDueAsync(token).ConfigureAwait(false) > 0)
                    {
                    }

                    switch (result)
                    {
                        case OrderActionResult.Done { Order: var order }:
                            Console.WriteLine($"{s}/{o} resolved: {order.Status}");
                            return ExitCodes.Ok;
                        case OrderActionResult.Invalid { Detail: var detail }:
                            await Console.Error.WriteLineAsync(detail).ConfigureAwait(false);
                            return ExitCodes.Usage;
                        case OrderActionResult.Refused { Why: var why }:
                            await Console.Error.WriteLineAsync($"The order cannot be resolved: {why}.").ConfigureAwait(false);
                            return ExitCodes.Findings;
                        default:
                            await Console.Error.WriteLineAsync("No such order.").ConfigureAwait(false);
                            return ExitCodes.Findings;
                    }
                },
                ct);
        });
        return command;
    }
}
