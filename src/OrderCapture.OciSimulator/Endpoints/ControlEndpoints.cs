using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrderCapture.OciSimulator.State;

namespace OrderCapture.OciSimulator.Endpoints;

/// <summary>The simulator's own control API under <c>/_sim/</c>. Not part of OCI; no token needed.</summary>
internal static class ControlEndpoints
{
    private sealed record ConsumeBody(string? Group, string? Location, string? Sku, decimal Quantity);

    private sealed record FaultBody(string? Mode, JsonElement? Latency, int? RequestsPerSecond, int? Count, int? After, string? Body, string? ContentType);

    public static void MapControl(this IEndpointRouteBuilder app)
    {
        var sim = app.MapGroup("/_sim");
        sim.MapPut("/inventory", async (HttpRequest request, SimulatorState state) =>
        {
            var (_, seed, error) = await SimHttp.ReadJsonAsync<InventorySeed>(request).ConfigureAwait(false);
            if (error is not null)
            {
                return error;
            }

            if (SimulatorState.Validate(seed!) is { } invalid)
            {
                return SimHttp.Problem(400, "InvalidRequest", invalid);
            }

            state.Replace(seed!);
            return Results.NoContent();
        });

        sim.MapPost("/consume", async (HttpRequest request, SimulatorState state) =>
        {
            var (_, body, error) = await SimHttp.ReadJsonAsync<ConsumeBody>(request).ConfigureAwait(false);
            if (error is not null)
            {
                return error;
            }

            if ((body!.Group is null) == (body.Location is null) || body.Sku is null || body.Quantity <= 0)
            {
                return SimHttp.Problem(400, "InvalidRequest", "give exactly one of group or location, a sku and a positive quantity");
            }

            var place = body.Group is not null ? new SimPlace(SimPlaceType.Group, body.Group) : new SimPlace(SimPlaceType.Location, body.Location!);
            return state.Exists(place)
                ? Results.Json(new { taken = state.Consume(place, body.Sku, body.Quantity) })
                : SimHttp.Problem(404, "EntityNotFound", $"{place.Type} {place.Id} does not exist");
        });

        sim.MapPut("/channel", async (HttpRequest request, SimulatorState state, OtherChannel channel) =>
        {
            var (_, body, error) = await SimHttp.ReadJsonAsync<ChannelSettings>(request).ConfigureAwait(false);
            if (error is not null)
            {
                return error;
            }

            if (OtherChannel.Validate(body!, state) is { } invalid)
            {
                return SimHttp.Problem(400, "InvalidRequest", invalid);
            }

            channel.Set(body!);
            return Results.Json(channel.Report(), SimulatorJson.Options);
        });

        sim.MapGet("/channel", (OtherChannel channel) => Results.Json(channel.Report(), SimulatorJson.Options));

        sim.MapDelete("/channel", (OtherChannel channel) =>
        {
            var report = channel.Report();
            channel.Stop();
            return Results.Json(report with { Running = false }, SimulatorJson.Options);
        });

        sim.MapPut("/faults", async (HttpRequest request, FaultController faults) =>
        {
            var (_, body, error) = await SimHttp.ReadJsonAsync<FaultBody>(request).ConfigureAwait(false);
            if (error is not null)
            {
                return error;
            }

            if (!Enum.TryParse<FaultMode>(body!.Mode, ignoreCase: true, out var mode) || !Enum.IsDefined(mode))
            {
                return SimHttp.Problem(400, "InvalidRequest", "mode must be one of none, drop, error503, hang, latency, rateLimit, malformed, answer, drip");
            }

            var latency = body.Latency switch
            {
                { ValueKind: JsonValueKind.Number } n => TimeSpan.FromMilliseconds(n.GetDouble()),
                { ValueKind: JsonValueKind.String } s when TimeSpan.TryParse(s.GetString(), CultureInfo.InvariantCulture, out var t) => t,
                _ => TimeSpan.Zero,
            };
            faults.Set(new FaultSettings(mode, latency, body.RequestsPerSecond ?? 1, body.Count is > 0 ? body.Count : null, Math.Max(0, body.After ?? 0), body.Body, body.ContentType));
            return Results.Json(faults.Current, SimulatorJson.Options);
        });

        sim.MapGet("/reservations", (SimulatorState state) => Results.Json(
            state.Reservations().Select(r => new
            {
                id = r.Id,
                cancelled = r.Cancelled,
                request = JsonDocument.Parse(r.RequestJson).RootElement,
                response = JsonDocument.Parse(r.ResponseJson).RootElement,
            }).ToList(),
            SimulatorJson.Options));

        // Planting what check --verify-oci finds: changes real documents suffer outside the API.
        sim.MapDelete("/reservations/{id}", (string id, SimulatorState state) =>
            state.RemoveReservation(id) ? Results.NoContent() : SimHttp.Problem(404, "EntityNotFound", $"reservation document {id} not found"));

        sim.MapPost("/reservations/{id}/reopen", (string id, SimulatorState state) =>
            state.ReopenReservation(id) ? Results.NoContent() : SimHttp.Problem(404, "EntityNotFound", $"no cancelled reservation document {id}"));

        sim.MapPut("/reservations/{id}/lines", async (string id, HttpRequest request, SimulatorState state) =>
        {
            var (_, body, error) = await SimHttp.ReadJsonAsync<ConsumeBody>(request).ConfigureAwait(false);
            if (error is not null)
            {
                return error;
            }

            if ((body!.Group is null) == (body.Location is null) || body.Sku is null || body.Quantity < 0)
            {
                return SimHttp.Problem(400, "InvalidRequest", "give exactly one of group or location, a sku and a quantity of 0 or more");
            }

            var place = body.Group is not null ? new SimPlace(SimPlaceType.Group, body.Group) : new SimPlace(SimPlaceType.Location, body.Location!);
            return state.SetReservedQuantity(id, place, body.Sku, body.Quantity)
                ? Results.NoContent()
                : SimHttp.Problem(404, "EntityNotFound", $"no open reservation document {id}, or {place.Id} does not carry {body.Sku}");
        });

        sim.MapGet("/stats", (RequestStats stats) => Results.Json(stats.Snapshot(), SimulatorJson.Options));

        // Extras beyond DESIGN.md's list, for tests and demos.
        sim.MapDelete("/tokens", (TokenStore tokens) =>
        {
            tokens.RevokeAll();
            return Results.NoContent();
        });

        sim.MapGet("/figures/{placeType}/{placeId}/{sku}", (string placeType, string placeId, string sku, SimulatorState state) =>
        {
            var type = placeType == "group" ? SimPlaceType.Group : SimPlaceType.Location;
            return state.Figures(new SimPlace(type, placeId), sku) is { } figures
                ? Results.Json(AvailabilityEndpoints.Record(sku, figures), SimulatorJson.Options)
                : Results.NotFound();
        });
    }
}
