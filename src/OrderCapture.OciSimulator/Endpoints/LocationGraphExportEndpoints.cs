using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrderCapture.OciSimulator.State;

namespace OrderCapture.OciSimulator.Endpoints;

/// <summary>
/// The impex location-graph export (OCI-CONTRACT.md "Location graph"), from the simulator's own
/// groups: started with no body, polled and downloaded like the other exports, its file one JSON
/// document <c>{ locations, groups: [{ id, locations }] }</c>.
/// </summary>
internal static class LocationGraphExportEndpoints
{
    public static void MapLocationGraphExports(this IEndpointRouteBuilder app)
    {
        var root = app.MapGroup("/inventory/impex/v1/organizations/{organizationId}/location-graph/exports");
        root.MapPost("", (string organizationId, HttpRequest request, SimulatorState state, ExportStore exports) =>
        {
            var (locations, groups) = state.LocationGraph();
            var document = new
            {
                locations,
                groups = groups.Select(g => new { id = g.Id, locations = g.Locations }).ToList(),
            };
            var id = exports.Start(SimExportKind.LocationGraph, async writer =>
            {
                await writer.WriteAsync(JsonSerializer.Serialize(document, SimulatorJson.Options)).ConfigureAwait(false);
                return locations.Count + groups.Count;
            });
            return Results.Json(new { exportId = id, exportStatusLink = $"{request.PathBase}{request.Path}/{id}/status" }, SimulatorJson.Options);
        }).WithName("initiateLocationGraphExport");

        root.MapStatusFileAndDelete(SimExportKind.LocationGraph, "locationGraph");
    }
}
