using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using OrderCapture.Core.Connectivity;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Reconciliation;
using OrderCapture.Core.Storage;
using OrderCapture.Worker.Security;

namespace OrderCapture.Worker.Dashboard;

/// <summary>
/// The operator's screen at <c>/</c>, in the manner of a Business Manager page: a banner on the
/// simulator, OCI state, the queue, the last 24 hours as charts (<see cref="ActivityCharts"/>), an
/// order look-up and the NeedsReview orders with a resolve form (<see cref="OrderLookup"/>), the last
/// reconciliation, oversold orders with what is short, recent cancels with their reasons, the
/// other channels' headroom, and alerts to acknowledge.
/// Server-rendered and self-contained (no CDN, no script); it refreshes itself every few seconds,
/// except while an order is shown or a decision waits (a refresh would wipe the form).
/// Like the API it is meant for the loopback or an operators' network (see docs/operations.md).
/// </summary>
internal static class StatusPage
{
    public const int RefreshSeconds = 5;

    private static readonly string RefreshTag = $"<meta http-equiv=\"refresh\" content=\"{RefreshSeconds}\">";

    private const string SimulatorBanner =
        "<main><section id=\"simulator-banner\" style=\"background:#fef1ee;border-color:#ba0517;color:#ba0517;font-weight:600\">" +
        "Oci:Mode is Simulator: orders are reserved against the in-process OCI simulator, not Salesforce OCI. Other channels do not see them.</section>";

    /// <summary>SKUs shown in the headroom table, fastest-selling first.</summary>
    public const int BusiestSkus = 20;

    /// <summary>Cancelled orders shown, newest first.</summary>
    public const int RecentCancels = 50;

    /// <summary>Oversold orders shown, newest first.</summary>
    public const int OversoldShown = 100;

    /// <summary>Short items named per oversold order; "and more" says there are others.</summary>
    public const int ShortItemsShown = 5;

    public static void MapStatusPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", async (HttpContext context, IAntiforgery antiforgery, OciConnectivity connectivity, IActivityLog activityLog, IAlertStore alertLog, IAvailabilityCacheStore cacheStore,
            IOrderQueries ordersStore, ReconciliationService reconciliation,
            Microsoft.Extensions.Options.IOptions<Core.Oci.OciOptions> oci, Microsoft.Extensions.Options.IOptions<Core.Capture.CaptureOptions> capture,
            Core.Sites.SiteCatalog sites, Core.Places.LocationGraphSource places, TimeProvider time, string? order, string? site, CancellationToken ct) =>
        {
            var now = time.GetUtcNow();
            var scope = await places.GetAsync(ct).ConfigureAwait(false);
            var token = SignInEndpoints.TokenField(context, antiforgery);
            // Each section is one bounded read, newest first: the page costs the same with ten orders or ten million.
            var queued = await ordersStore.CountAsync(OrderStatus.ReservationMissing, ct).ConfigureAwait(false);
            var oversold = (await ordersStore.ListNewestAsync(OrderStatus.PartiallyReserved, OversoldShown, ShortItemsShown, shortLinesOnly: true, ct).ConfigureAwait(false))
                .Concat(await ordersStore.ListNewestAsync(OrderStatus.NothingReserved, OversoldShown, ShortItemsShown, shortLinesOnly: true, ct).ConfigureAwait(false))
                .OrderByDescending(o => o.Order.ReconciledAt).ThenByDescending(o => o.Order.CapturedAt).Take(OversoldShown).ToList();
            var alerts = await alertLog.ListAlertsAsync(null, 50, ct).ConfigureAwait(false);
            var cancelled = (await ordersStore.ListNewestAsync(OrderStatus.Cancelled, RecentCancels, 0, shortLinesOnly: false, ct).ConfigureAwait(false))
                .Select(o => o.Order).OrderByDescending(o => o.Cancellation?.At).ToList();
            var busiest = new List<AvailabilityView>();
            foreach (var (listId, sku) in await cacheStore.ListBusiestSkusAsync(BusiestSkus, ct).ConfigureAwait(false))
            {
                if (await cacheStore.GetAvailabilityAsync(listId, sku, ct).ConfigureAwait(false) is { } view)
                {
                    busiest.Add(view);
                }
            }

            var charts = ActivityCharts.Render(await activityLog.ListActivityAsync(now - ActivityCharts.Span, ct).ConfigureAwait(false), now);
            var (tools, interactive) = await OrderLookup.RenderAsync(alertLog, ordersStore, sites, order, site, token, ct).ConfigureAwait(false);
            var html = Render(connectivity.State, connectivity.Since, queued, reconciliation.LastRun, oversold, cancelled, alerts, token)
                .Replace("<section id=\"reconciliation\">", charts + tools + "<section id=\"reconciliation\">", StringComparison.Ordinal)
                .Replace("<section id=\"alerts\">", HeadroomSection(busiest, now, capture.Value.OfflineHeadroom) + PlacesSection(scope, sites) + "<section id=\"alerts\">", StringComparison.Ordinal);
            if (interactive)
            {
                // A refresh would wipe a half-typed note or the order being read: it waits for a reload.
                html = html.Replace(RefreshTag, "", StringComparison.Ordinal)
                    .Replace("<main>", "<main><p id=\"refresh-paused\">Auto-refresh is off while an order is shown or decisions wait; reload to update.</p>", StringComparison.Ordinal);
            }

            return Results.Content(oci.Value.Mode == Core.Oci.OciMode.Simulator ? html.Replace("<main>", SimulatorBanner, StringComparison.Ordinal) : html, "text/html; charset=utf-8");
        })
            .RequireAuthorization(AccessPolicies.Operator);

        // The page's forms: an operator's session and this page's anti-forgery token, or nothing changes.
        var forms = app.MapGroup("/ui").RequireAuthorization(AccessPolicies.Operator).AddEndpointFilter<AntiforgeryFormFilter>();
        forms.MapOrderTools();

        // Acknowledge, then back to the page.
        forms.MapPost("/alerts/{id:long}/ack", async (long id, IAlertStore alertLog, TimeProvider time, CancellationToken ct) =>
        {
            await alertLog.AckAlertAsync(id, time.GetUtcNow(), ct).ConfigureAwait(false);
            return Results.Redirect("/");
        });
    }

    /// <summary>
    /// Where each site sells from, as the location graph last read says: its list, its pick-up
    /// locations, and which other cached lists a hold there counts against (invariant 2).
    /// </summary>
    private static string PlacesSection(Core.Places.PlaceScope scope, Core.Sites.SiteCatalog sites)
    {
        var html = new StringBuilder(1024);
        html.Append(CultureInfo.InvariantCulture, $"<section id=\"places\"><h2>Places</h2><p>Location graph: {(scope.Graph.ReadAt is { } at
            ? $"read {at:u}, {scope.Graph.Groups.Count} group(s), {scope.Graph.Locations.Count} location(s)"
            : "not read yet: each place counts only its own holds")}.</p>");
        html.Append("<table><tr><th>Site</th><th>Sells from</th><th>Pick-up locations</th><th>A hold there also counts against</th></tr>");
        foreach (var id in sites.SiteIds.Order(StringComparer.Ordinal))
        {
            var site = sites.Find(id)!;
            var place = new Core.Oci.Contracts.PlaceRef(site.PlaceType, site.InventoryListId);
            var pickups = scope.PickupLocationsOf(id).Order(StringComparer.Ordinal).ToList();
            html.Append(CultureInfo.InvariantCulture,
                $"<tr data-site=\"{H(id)}\"><td>{H(id)}</td><td>{H(place.ToString())}</td><td>{(pickups.Count == 0 ? "none" : H(string.Join(", ", pickups)))}</td><td>{H(string.Join(", ", scope.CountsAgainst(place).Skip(1)))}</td></tr>");
        }

        html.Append("</table></section>");
        return html.ToString();
    }

    /// <summary>
    /// Per SKU the other channels take fastest: their pace, and the units an order taken offline now
    /// leaves them. Online the cache is fresh and the headroom near zero; during an outage
    /// it grows with the outage.
    /// </summary>
    private static string HeadroomSection(List<AvailabilityView> busiest, DateTimeOffset now, Core.Inventory.Pace.OfflineHeadroomOptions options)
    {
        var html = new StringBuilder(2048);
        html.Append(CultureInfo.InvariantCulture,
            $"<section id=\"headroom\"><h2>Headroom for the other channels (Capture:OfflineHeadroom:Mode={options.Mode}, factor {options.Factor})</h2>");
        if (busiest.Count == 0)
        {
            html.Append("<p>No consumption by other channels seen yet.</p></section>");
            return html.ToString();
        }

        html.Append("<table><tr><th>Inventory list</th><th>SKU</th><th>Cached ATO</th><th>Held</th><th>Other channels, units/h</th><th>Headroom now</th><th>An offline order may take</th></tr>");
        foreach (var view in busiest)
        {
            var answer = Api.AvailabilityAnswer.From(view, now, options);
            html.Append(CultureInfo.InvariantCulture,
                $"<tr data-headroom=\"{H(view.Sku)}\"><td>{H(view.InventoryListId)}</td><td>{H(view.Sku)}</td><td>{view.Ato}</td><td>{view.Held}</td><td>{answer.PacePerHour:0.##}</td><td data-units=\"{answer.OfflineHeadroom}\">{answer.OfflineHeadroom}</td><td>{answer.OfflineEffectiveAto}</td></tr>");
        }

        html.Append("</table></section>");
        return html.ToString();
    }

    /// <summary>HTML-encoded text of a value, for every part of the page.</summary>
    internal static string H(object? value) => WebUtility.HtmlEncode(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");

    private static string Render(
        ConnectivityState state,
        DateTimeOffset since,
        long queued,
        ReconciliationRun? run,
        List<OrderExcerpt> oversold,
        List<Order> cancelled,
        IReadOnlyList<Alert> alerts,
        string token)
    {
        var html = new StringBuilder(8192);
        html.Append(CultureInfo.InvariantCulture, $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            {{RefreshTag}}
            <title>OrderCapture — Continuous Order Capture</title>
            <style>
              body { font: 14px/1.4 system-ui, sans-serif; margin: 0; background: #f3f3f3; color: #181818; }
              header { background: #032d60; color: #fff; padding: 10px 20px; font-size: 18px; }
              main { padding: 16px 20px; display: grid; gap: 16px; }
              section { background: #fff; border: 1px solid #ddd; border-radius: 4px; padding: 12px 16px; }
              h2 { font-size: 15px; margin: 0 0 8px; }
              table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eee; }
              .state { display: inline-block; padding: 2px 10px; border-radius: 10px; color: #fff; font-weight: 600; }
              .online { background: #2e844a; } .offline { background: #ba0517; } .recovering { background: #dd7a01; }
              .Critical { color: #ba0517; font-weight: 600; } .Warning { color: #a96404; } .acked { color: #888; }
            </style></head><body>
            <header>Continuous Order Capture <form id="signout" method="post" action="/signout" style="float:right;margin:0">{{token}}<button type="submit">Sign out</button></form></header>
            <main>
            <section id="oci"><h2>Omnichannel Inventory</h2>
              <span class="state {{state.ToString().ToLowerInvariant()}}" data-state="{{state.ToString().ToLowerInvariant()}}">{{state}}</span>
              since {{H(since.ToString("u", CultureInfo.InvariantCulture))}}</section>
            <section id="queue"><h2>Reservation Missing queue</h2><span data-queue="{{queued}}">{{queued}}</span> order(s) waiting</section>
            <section id="reconciliation"><h2>Last reconciliation</h2>
            """);
        html.Append(run is null
            ? "<p>None yet.</p>"
            : string.Create(CultureInfo.InvariantCulture, $"""
                <table><tr><th>Finished</th><th>Completely reserved</th><th>Partially reserved</th><th>Nothing reserved</th><th>Needs review</th><th>Still queued</th></tr>
                <tr><td>{H(run.FinishedAt.ToString("u", CultureInfo.InvariantCulture))}</td><td>{run.CompletelyReserved}</td><td>{run.PartiallyReserved}</td><td>{run.NothingReserved}</td><td>{run.NeedsReview}</td><td>{run.StillQueued}</td></tr></table>
                """));
        html.Append(CultureInfo.InvariantCulture, $"</section><section id=\"oversold\"><h2>Oversold orders (newest {OversoldShown}) — cancel, substitute, or adjust the reservation by hand</h2>");
        if (oversold.Count == 0)
        {
            html.Append("<p>None.</p>");
        }
        else
        {
            html.Append("<table><tr><th>Site</th><th>Order</th><th>Outcome</th><th>Items short</th></tr>");
            foreach (var (order, more) in oversold)
            {
                var shortItems = string.Join(", ", order.Lines.Select(l => $"{l.Sku}: {l.Quantity - (l.ReservedQuantity ?? 0)} of {l.Quantity}"))
                    + (more ? " and more" : "");
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{H(order.Site)}</td><td>{H(order.OrderNo)}</td><td>{H(order.Status)}</td><td>{H(shortItems)}</td></tr>");
            }

            html.Append("</table>");
        }

        html.Append(CultureInfo.InvariantCulture, $"</section><section id=\"cancelled\"><h2>Cancelled orders (newest {RecentCancels})</h2>");
        if (cancelled.Count == 0)
        {
            html.Append("<p>None.</p>");
        }
        else
        {
            html.Append("<table><tr><th>When</th><th>Site</th><th>Order</th><th>Reason</th><th>Note</th><th>OCI cancel</th></tr>");
            foreach (var order in cancelled)
            {
                var c = order.Cancellation!;
                html.Append(CultureInfo.InvariantCulture,
                    $"<tr data-cancelled=\"{H(order.OrderNo)}\"><td>{H(c.At.ToString("u", CultureInfo.InvariantCulture))}</td><td>{H(order.Site)}</td><td>{H(order.OrderNo)}</td><td>{H(c.Reason)}</td><td>{H(c.Note)}</td><td>{H(Api.CancellationView.OciCancelText(c.OciCancel))}</td></tr>");
            }

            html.Append("</table>");
        }

        html.Append("</section><section id=\"alerts\"><h2>Alerts</h2><table><tr><th>When</th><th>Severity</th><th>Kind</th><th>Message</th><th></th></tr>");
        foreach (var alert in alerts)
        {
            var ack = alert.AckedAt is null
                ? $"<form method=\"post\" action=\"/ui/alerts/{alert.Id}/ack\">{token}<button type=\"submit\" data-ack=\"{alert.Id}\">Acknowledge</button></form>"
                : "<span class=\"acked\">acknowledged</span>";
            html.Append(CultureInfo.InvariantCulture, $"<tr data-alert=\"{alert.Id}\"><td>{H(alert.At.ToString("u", CultureInfo.InvariantCulture))}</td><td class=\"{alert.Severity}\">{alert.Severity}</td><td>{H(alert.Kind)}</td><td>{H(alert.Message)}</td><td>{ack}</td></tr>");
        }

        html.Append("</table></section></main></body></html>");
        return html.ToString();
    }
}
