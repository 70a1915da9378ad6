using System.CommandLine;
using System.Globalization;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Storage;

namespace OrderCapture.Worker.Cli.Verbs;

/// <summary><c>ordercapture orders [--status S] [--site X]</c>.</summary>
internal static class OrdersVerb
{
    public static Command Create()
    {
        var status = new Option<OrderStatus?>("--status") { Description = "Only orders in this state (e.g. ReservationMissing, PartiallyReserved)" };
        var site = new Option<string?>("--site") { Description = "Only orders of this site" };
        var command = new Command("orders", "List orders.") { status, site };
        command.SetAction((parse, ct) =>
        {
            var (wantedStatus, wantedSite) = (parse.GetValue(status), parse.GetValue(site));
            return CliContext.From(parse).RemoteOrLocalAsync(
                async (client, token) =>
                {
                    var query = $"/api/orders?{(wantedStatus is { } s ? $"status={s}&" : "")}{(wantedSite is { } w ? $"site={Uri.EscapeDataString(w)}" : "")}";
                    if (await client.SendAsync<List<Api.OrderView>>(HttpMethod.Get, query, null, token).ConfigureAwait(false) is not { } answer)
                    {
                        return null;
                    }

                    if (!answer.Ok)
                    {
                        return await CliOutput.ServiceErrorAsync(answer.Status, answer.Body).ConfigureAwait(false);
                    }

                    Print(answer.Value!.Select(o => new[] { o.Site, o.OrderNo, o.Status, o.CapturedAt.ToString("O"), o.Attempts.ToString(CultureInfo.InvariantCulture), o.Cancellation?.Reason ?? "" }));
                    return ExitCodes.Ok;
                },
                async (services, token) =>
                {
                    var orders = await services.GetRequiredService<IOrderQueries>().ListOrdersAsync(wantedStatus, wantedSite, 10_000, token).ConfigureAwait(false);
                    Print(orders.Select(o => new[] { o.Site, o.OrderNo, o.Status.ToString(), o.CapturedAt.ToString("O"), o.Attempts.ToString(CultureInfo.InvariantCulture), o.Cancellation?.Reason ?? "" }));
                    return ExitCodes.Ok;
                },
                ct);
        });
        return command;
    }

    private static void Print(IEnumerable<string[]> rows) => CliOutput.Table("Orders", ["site", "order", "status", "captured", "attempts", "cancelled for"], rows);
}
