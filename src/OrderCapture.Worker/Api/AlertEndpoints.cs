using System.Globalization;
using System.Xml;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Storage;

namespace OrderCapture.Worker.Api;

/// <summary>The alert feed: JSON under /api (API key), Atom 1.0 for feed readers and chat bridges.</summary>
internal static class AlertEndpoints
{
    public const int MaxAlerts = 500;

    public static void MapAlerts(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/alerts", async (string? since, IAlertStore store, CancellationToken ct) =>
        {
            if (!TryParseSince(since, out var from))
            {
                return Problems.BadRequest("invalid_since", ["since must be an ISO 8601 date-time, e.g. 2026-02-02T12:00:00Z"]);
            }

            return Results.Json(await store.ListAlertsAsync(from, MaxAlerts, ct).ConfigureAwait(false));
        })
            .WithName("ListAlerts").WithSummary("Alerts, newest first")
            .Produces<List<OrderCapture.Core.Storage.Alert>>(200).ProducesProblem(400);

        app.MapPost("/api/alerts/{id:long}/ack", async (long id, IAlertStore store, TimeProvider time, CancellationToken ct) =>
            await store.AckAlertAsync(id, time.GetUtcNow(), ct).ConfigureAwait(false)
                ? Results.NoContent()
                : Results.Problem(statusCode: 404, title: "No such alert"))
            .WithName("AckAlert").WithSummary("Acknowledge an alert").Produces(204).ProducesProblem(404);

        app.MapGet("/alerts.atom", async (HttpContext context, IAlertStore store, TimeProvider time, CancellationToken ct) =>
        {
            var alerts = await store.ListAlertsAsync(null, 100, ct).ConfigureAwait(false);
            var self = $"{context.Request.Scheme}://{context.Request.Host}/alerts.atom";
            // Written whole before a byte is sent: a failure is a 500, never a 200 that stops half way.
            using var buffer = new MemoryStream();
            await using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Async = true, Indent = true }))
            {
                await WriteAtomAsync(writer, alerts, self, alerts.Count > 0 ? alerts[0].At : time.GetUtcNow()).ConfigureAwait(false);
            }

            return Results.Bytes(buffer.ToArray(), "application/atom+xml; charset=utf-8");
        })
            .ExcludeFromDescription();
    }

    private static bool TryParseSince(string? since, out DateTimeOffset? from)
    {
        from = null;
        if (since is null)
        {
            return true;
        }

        if (DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            from = parsed;
            return true;
        }

        return false;
    }

    private static async Task WriteAtomAsync(XmlWriter xml, IReadOnlyList<Alert> alerts, string self, DateTimeOffset updated)
    {
        const string Atom = "http://www.w3.org/2005/Atom";
        await xml.WriteStartDocumentAsync().ConfigureAwait(false);
        await xml.WriteStartElementAsync(null, "feed", Atom).ConfigureAwait(false);
        await xml.WriteElementStringAsync(null, "id", Atom, "urn:ordercapture:alerts").ConfigureAwait(false);
        await xml.WriteElementStringAsync(null, "title", Atom, "OrderCapture alerts").ConfigureAwait(false);
        await xml.WriteElementStringAsync(null, "updated", Atom, XmlConvert.ToString(updated)).ConfigureAwait(false);
        await xml.WriteStartElementAsync(null, "author", Atom).ConfigureAwait(false);
        await xml.WriteElementStringAsync(null, "name", Atom, "OrderCapture").ConfigureAwait(false);
        await xml.WriteEndElementAsync().ConfigureAwait(false);
        await xml.WriteStartElementAsync(null, "link", Atom).ConfigureAwait(false);
        await xml.WriteAttributeStringAsync(null, "rel", null, "self").ConfigureAwait(false);
        await xml.WriteAttributeStringAsync(null, "href", null, FreeText.Clean(self)).ConfigureAwait(false);
        await xml.WriteEndElementAsync().ConfigureAwait(false);
        foreach (var alert in alerts)
        {
            await xml.WriteStartElementAsync(null, "entry", Atom).ConfigureAwait(false);
            await xml.WriteElementStringAsync(null, "id", Atom, $"urn:ordercapture:alert:{alert.Id}").ConfigureAwait(false);
            await xml.WriteElementStringAsync(null, "title", Atom, FreeText.Clean($"[{alert.Severity}] {alert.Kind}")).ConfigureAwait(false);
            await xml.WriteElementStringAsync(null, "updated", Atom, XmlConvert.ToString(alert.AckedAt ?? alert.At)).ConfigureAwait(false);
            await xml.WriteStartElementAsync(null, "category", Atom).ConfigureAwait(false);
            await xml.WriteAttributeStringAsync(null, "term", null, FreeText.Clean(alert.Kind)).ConfigureAwait(false);
            await xml.WriteEndElementAsync().ConfigureAwait(false);
            await xml.WriteElementStringAsync(null, "summary", Atom, FreeText.Clean(alert.Message)).ConfigureAwait(false);
            await xml.WriteEndElementAsync().ConfigureAwait(false);
        }

        await xml.WriteEndElementAsync().ConfigureAwait(false);
        await xml.WriteEndDocumentAsync().ConfigureAwait(false);
    }
}
