using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrderCapture.OciSimulator.State;

namespace OrderCapture.OciSimulator.Endpoints;

/// <summary>
/// The impex reservations export (OCI-CONTRACT.md "the reservations export"): open or closed
/// documents whose reservation time lies between <c>fromDate</c> and <c>toDate</c> (default now).
/// </summary>
internal static class ReservationExportEndpoints
{
    private sealed record ReservationExportBody(string? Status, DateTimeOffset? FromDate, DateTimeOffset? ToDate);

    public static void MapReservationExports(this IEndpointRouteBuilder app)
    {
        var root = app.MapGroup("/inventory/impex/v1/organizations/{organizationId}/reservations/exports");
        root.MapPost("", async (string organizationId, HttpRequest request, SimulatorState state, ExportStore exports) =>
        {
            var (_, body, error) = await SimHttp.ReadJsonAsync<ReservationExportBody>(request).ConfigureAwait(false);
            if (error is not null)
            {
                return error;
            }

            var open = body!.Status?.ToUpperInvariant() switch
            {
                "OPEN" => true,
                "CLOSED" => (bool?)false,
                _ => null,
            };
            var to = body.ToDate ?? state.TimeProvider.GetUtcNow();
            if (open is null || body.FromDate is not { } from || from > to)
            {
                return SimHttp.Problem(400, "InvalidRequestParameter", "status must be open or closed, fromDate is required and must not be after toDate");
            }

            var id = exports.Start(SimExportKind.Reservations, ReservationExportFile.Of(state, from, to, open.Value));
            return Results.Json(new { exportId = id, exportStatusLink = $"{request.PathBase}{request.Path}/{id}/status" }, SimulatorJson.Options);
        }).WithName("initiateReservationsExport");

        root.MapStatusFileAndDelete(SimExportKind.Reservations, "reservations");
    }
}
