using OrderCapture.Core.Connectivity;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Reconciliation;
using OrderCapture.Core.Storage;

namespace OrderCapture.Worker.Api;

internal static class StatusEndpoints
{
    public static void MapStatus(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/status", async (OciConnectivity connectivity, IOrderQueries orders, ReconciliationService reconciliation,
            Microsoft.Extensions.Options.IOptions<Core.Oci.OciOptions> oci, CancellationToken ct) =>
        {
            // The queue alone, from the status index: monitors poll this, and a count of every status reads every order kept.
            var queued = await orders.CountAsync(OrderStatus.ReservationMissing, ct).ConfigureAwait(false);
            return Results.Json(new StatusAnswer(
                connectivity.State.ToString().ToLowerInvariant(),
                connectivity.Since,
                new QueueAnswer(queued),
                reconciliation.LastRun,
                oci.Value.Mode.ToString()));
        })
            .WithName("GetStatus").WithSummary("OCI state, the queue, the last reconciliation and the OCI mode")
            .Produces<StatusAnswer>(200);

        app.MapGet("/api/availability/{inventoryListId}/{sku}", async (string inventoryListId, string sku, IAvailabilityCacheStore cache,
            Core.Places.LocationGraphSource places, Microsoft.Extensions.Options.IOptions<Core.Capture.CaptureOptions> capture, TimeProvider time, CancellationToken ct) =>
        {
            if (!Names.IsValidInventoryListId(inventoryListId) || !Names.IsValidSku(sku))
            {
                return Problems.BadRequest("invalid_name", ["inventoryListId or sku is not valid"]);
            }

            var scope = await places.GetAsync(ct).ConfigureAwait(false);
            var place = scope.Followed(inventoryListId);
            return await cache.GetAvailabilityAsync(inventoryListId, sku, ct).ConfigureAwait(false) is { } view
                ? Results.Json(AvailabilityAnswer.From(view, time.GetUtcNow(), capture.Value.OfflineHeadroom) with
                {
                    HoldsCountAgainst = place is { } counted ? scope.CountsAgainst(counted) : [inventoryListId],
                    CappedBy = place is { } capped ? scope.CappedBy(capped) : [inventoryListId],
                })
                : Results.Problem(statusCode: 404, title: "No cached availability for that list and SKU");
        })
            .RequireAuthorization(Security.AccessPolicies.Storefront)
            .WithName("GetAvailability").WithSummary("Cached ATO, what open holds keep back, what is left, and the headroom an outage leaves the other channels")
            .Produces<AvailabilityAnswer>(200).ProducesProblem(400).ProducesProblem(404);
    }
}
