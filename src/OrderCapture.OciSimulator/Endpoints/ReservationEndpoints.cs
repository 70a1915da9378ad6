using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrderCapture.OciSimulator.State;

namespace OrderCapture.OciSimulator.Endpoints;

internal static class ReservationEndpoints
{
    private sealed record CancelBody(string? Status);

    private sealed record ReleaseBody(IReadOnlyList<ReleaseRecordBody>? Records);

    private sealed record ReleaseRecordBody(string? Id, string? ExternalRefId, string? Group, string? Location, string? Sku, decimal Quantity);

    public static void MapReservations(this IEndpointRouteBuilder app)
    {
        var root = app.MapGroup("/inventory/reservation/v1/organizations/{organizationId}");
        root.MapPut("/reservation-documents/{reservationId}", async (string reservationId, HttpRequest request, SimulatorState state, SimulatorOptions options) =>
        {
            var (json, body, error) = await SimHttp.ReadJsonAsync<SimReservationRequest>(request).ConfigureAwait(false);
            if (error is not null)
            {
                return error;
            }

            var answer = state.CreateReservation(reservationId, json, body!, replay: options.RepeatedPut == RepeatedPutAnswer.FirstResult);
            if (answer.Status == 200)
            {
                request.HttpContext.Response.Headers.Location = $"{request.Path}";
            }

            return SimHttp.Answer(answer);
        }).WithName("createReservation");

        root.MapPatch("/reservation-documents/{reservationId}", async (string reservationId, HttpRequest request, SimulatorState state) =>
        {
            var (_, body, error) = await SimHttp.ReadJsonAsync<CancelBody>(request).ConfigureAwait(false);
            if (error is not null)
            {
                return error;
            }

            return body!.Status == "CANCELLED"
                ? SimHttp.Answer(state.CancelReservation(reservationId))
                : SimHttp.Problem(400, "InvalidRequest", "only status CANCELLED is supported");
        }).WithName("cancelReservation");

        root.MapPost("/releases", async (HttpRequest request, SimulatorState state) =>
        {
            var (_, body, error) = await SimHttp.ReadJsonAsync<ReleaseBody>(request).ConfigureAwait(false);
            if (error is not null)
            {
                return error;
            }

            var records = new List<(string, string?, SimPlace, string, decimal)>();
            foreach (var r in body!.Records ?? [])
            {
                if (string.IsNullOrEmpty(r.Id) || (r.Group is null) == (r.Location is null) || !SimulatorState.IsValidSku(r.Sku) || r.Quantity <= 0)
                {
                    return SimHttp.Problem(400, "InvalidRequest", "each record needs id, sku, a positive quantity and exactly one of group or location");
                }

                records.Add((r.Id, r.ExternalRefId, r.Group is not null ? new SimPlace(SimPlaceType.Group, r.Group) : new SimPlace(SimPlaceType.Location, r.Location!), r.Sku!, r.Quantity));
            }

            var errors = state.Release(records);
            return errors.Count == 0 ? Results.NoContent() : Results.Json(new { errors }, SimulatorJson.Options);
        }).WithName("release");
    }
}
