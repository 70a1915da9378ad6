using System.Globalization;
using System.Text;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Reconciliation;
using OrderCapture.Core.Sites;
using OrderCapture.Core.Storage;

namespace OrderCapture.Worker.Dashboard;

/// <summary>
/// The operator's order tools on the status page: a look-up by order number (lines, path, attempts,
/// outcome, cancel, and the order's alerts as its history), and the NeedsReview orders, each with
/// a form that records the operator's decision (<see cref="ReviewResolutionService"/>).
/// </summary>
internal static class OrderLookup
{
    public const int NeedsReviewShown = 100;

    /// <summary>Lines named per NeedsReview order; "and more" says there are others.</summary>
    public const int LinesPerReview = 5;

    /// <summary>Lines of a looked-up order shown on the page; the API has them all.</summary>
    public const int LinesShown = 200;

    public static void MapOrderTools(this IEndpointRouteBuilder forms) =>
        // A form post from the page, like the alert ack; then back to the order, which shows the outcome.
        forms.MapPost("/orders/{site}/{orderNo}/resolve", async (string site, string orderNo, HttpRequest request, ReviewResolutionService resolutions, CancellationToken ct) =>
        {
            var form = await request.ReadFormAsync(ct).ConfigureAwait(false);
            var result = await resolutions.ResolveAsync(site, orderNo, form["outcome"].ToString(), NullIfEmpty(form["note"].ToString()), ct).ConfigureAwait(false);
            return result switch
            {
                OrderActionResult.Done => Results.Redirect($"/?order={Uri.EscapeDataString(orderNo)}&site={Uri.EscapeDataString(site)}"),
                OrderActionResult.Invalid invalid => Message(400, $"Not resolved: {invalid.Detail}"),
                OrderActionResult.Refused refused => Message(409, $"Not resolved: {refused.Why}"),
                _ => Message(404, $"No order {orderNo} at site {site}."),
            };
        });

    /// <summary>The look-up (with its result) and the NeedsReview list; <c>Interactive</c> when the page holds something to read or a form to fill.</summary>
    public static async Task<(string Html, bool Interactive)> RenderAsync(IAlertStore alertLog, IOrderQueries ordersStore, SiteCatalog sites, string? orderNo, string? site, string token, CancellationToken ct)
    {
        var html = new StringBuilder(8192);
        html.Append(CultureInfo.InvariantCulture,
            $"<section id=\"order-lookup\"><h2>Find an order</h2><form id=\"lookup\" method=\"get\" action=\"/\"><input name=\"order\" placeholder=\"order number\" value=\"{H(orderNo)}\" required> <button type=\"submit\">Look up</button></form>");
        if (!string.IsNullOrEmpty(orderNo))
        {
            if (!Names.IsValidOrderNo(orderNo) || (site is not null && !Names.IsValidSite(site)))
            {
                html.Append(CultureInfo.InvariantCulture, $"<p class=\"Critical\">'{H(orderNo)}' is not an order number ({H(Names.NameRule)}).</p>");
            }
            else
            {
                var found = 0;
                IEnumerable<string> candidates = site is null ? sites.SiteIds.Order(StringComparer.Ordinal) : [site];
                foreach (var candidate in candidates)
                {
                    if (await ordersStore.GetOrderAsync(candidate, orderNo, ct).ConfigureAwait(false) is { } order)
                    {
                        found++;
                        AppendOrder(html, order, await alertLog.ListOrderAlertsAsync(order.Site, order.OrderNo, ct).ConfigureAwait(false));
                    }
                }

                if (found == 0)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<p data-not-found=\"{H(orderNo)}\">No order {H(orderNo)}.</p>");
                }
            }
        }

        html.Append("</section>");
        var needsReview = await ordersStore.ListNewestAsync(OrderStatus.NeedsReview, NeedsReviewShown, LinesPerReview, shortLinesOnly: false, ct).ConfigureAwait(false);
        AppendNeedsReview(html, needsReview, token);
        return (html.ToString(), !string.IsNullOrEmpty(orderNo) || needsReview.Count > 0);
    }

    private static void AppendOrder(StringBuilder html, Order order, IReadOnlyList<Alert> history)
    {
        html.Append(CultureInfo.InvariantCulture, $"""
            <article data-order="{H(order.OrderNo)}" data-status="{order.Status}"><h3>{H(order.Site)} / {H(order.OrderNo)}: {order.Status}</h3>
            <table><tr><th>Path</th><td>{order.Path}</td><th>Captured</th><td>{order.CapturedAt:u}</td><th>Attempts</th><td>{order.Attempts}</td></tr>
            <tr><th>Reconciled</th><td>{(order.ReconciledAt is { } r ? r.ToString("u", CultureInfo.InvariantCulture) : "—")}</td><th>Reservation id</th><td colspan="3">{H(order.ReservationId)}</td></tr></table>
            <table><tr><th>SKU</th><th>Inventory list</th><th>Quantity</th><th>Reserved</th></tr>
            """);
        foreach (var line in order.Lines.Take(LinesShown))
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{H(line.Sku)}</td><td>{H(line.InventoryListId)}</td><td>{line.Quantity}</td><td>{(line.ReservedQuantity is { } q ? q.ToString(CultureInfo.InvariantCulture) : "—")}</td></tr>");
        }

        html.Append("</table>");
        if (order.Lines.Count > LinesShown)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>… and {order.Lines.Count - LinesShown} more lines (GET /api/orders/{H(order.Site)}/{H(order.OrderNo)} has them all).</p>");
        }

        if (order.Cancellation is { } c)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<p data-cancellation>Cancelled {c.At:u}: {H(c.Reason)}{(c.Note is null ? "" : $" — {H(c.Note)}")}; OCI cancel: {H(Api.CancellationView.OciCancelText(c.OciCancel))}</p>");
        }

        html.Append("<h4>History</h4>");
        if (history.Count == 0)
        {
            html.Append("<p>No alerts about this order.</p>");
        }
        else
        {
            html.Append("<table data-history><tr><th>When</th><th>Kind</th><th>Message</th></tr>");
            foreach (var alert in history)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{alert.At:u}</td><td>{H(alert.Kind)}</td><td>{H(alert.Message)}</td></tr>");
            }

            html.Append("</table>");
        }

        html.Append("</article>");
    }

    private static void AppendNeedsReview(StringBuilder html, IReadOnlyList<OrderExcerpt> orders, string token)
    {
        html.Append(CultureInfo.InvariantCulture, $"<section id=\"needs-review\"><h2>Needs review ({(orders.Count < NeedsReviewShown ? orders.Count : $"newest {NeedsReviewShown}")}) — OCI's answer was unclear: decide, and the stock follows</h2>");
        if (orders.Count == 0)
        {
            html.Append("<p>None.</p></section>");
            return;
        }

        html.Append("<table><tr><th>Site</th><th>Order</th><th>Captured</th><th>Lines</th><th>Decision</th></tr>");
        foreach (var (order, more) in orders)
        {
            var lines = string.Join(", ", order.Lines.Select(l => $"{l.Sku} × {l.Quantity}")) + (more ? " and more" : "");
            var action = $"/ui/orders/{Uri.EscapeDataString(order.Site)}/{Uri.EscapeDataString(order.OrderNo)}/resolve";
            html.Append(CultureInfo.InvariantCulture, $"""
                <tr data-review="{H(order.OrderNo)}"><td>{H(order.Site)}</td><td><a href="/?order={Uri.EscapeDataString(order.OrderNo)}">{H(order.OrderNo)}</a></td><td>{order.CapturedAt:u}</td><td>{H(lines)}</td>
                <td><form method="post" action="{H(action)}">{token}<select name="outcome">{string.Concat(ReviewResolutionService.Outcomes.Select(o => $"<option>{o}</option>"))}</select>
                <input name="note" placeholder="note (who, why)"> <button type="submit" data-resolve="{H(order.OrderNo)}">Resolve</button></form></td></tr>
                """);
        }

        html.Append("</table></section>");
    }

    private static IResult Message(int status, string text) =>
        Results.Content($"<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>OrderCapture</title><p>{H(text)}</p><p><a href=\"/\">Back</a></p></html>", "text/html; charset=utf-8", statusCode: status);

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static string H(string? value) => StatusPage.H(value);
}
