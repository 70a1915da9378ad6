using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrderCapture.OciSimulator.State;

namespace OrderCapture.OciSimulator.Endpoints;

internal static class AvailabilityEndpoints
{
    private sealed record AvailabilityBody(IReadOnlyList<string>? Skus, IReadOnlyList<string>? Groups, IReadOnlyList<string>? Locations);

    private sealed record DeltaBody(string? DeltaToken);

    public static void MapAvailability(this IEndpointRouteBuilder app, SimulatorOptions options)
    {
        var root = app.MapGroup("/inventory/availability/v1/organizations/{organizationId}/availability-records/actions");
        root.MapPost("/get-availability", async (HttpRequest request, SimulatorState state) =>
        {
            var (_, body, error) = await SimHttp.ReadJsonAsync<AvailabilityBody>(request).ConfigureAwait(false);
            if (error is not null)
            {
                return error;
            }

            var skus = body!.Skus ?? [];
            var groups = body.Groups ?? [];
            var locations = body.Locations ?? [];
            if (skus.Count == 0 || skus.Count * (groups.Count + locations.Count) is 0 or > 100 || !skus.All(SimulatorState.IsValidSku))
            {
                return SimHttp.Problem(400, "InvalidRequestParameter", "1..100 SKU×place pairs with valid SKUs are required");
            }

            if (groups.FirstOrDefault(g => !state.Exists(new SimPlace(SimPlaceType.Group, g))) is { } missingGroup)
            {
                return SimHttp.Answer(SimulatorState.Problem(400, "GroupDoesNotExist", $"group {missingGroup} does not exist", group: missingGroup));
            }

            if (locations.FirstOrDefault(l => !state.Exists(new SimPlace(SimPlaceType.Location, l))) is { } missingLocation)
            {
                return SimHttp.Answer(SimulatorState.Problem(400, "LocationDoesNotExist", $"location {missingLocation} does not exist", location: missingLocation));
            }

            object Place(SimPlaceType type, string id) => new
            {
                id,
                records = skus.Select(sku => (sku, f: state.Figures(new SimPlace(type, id), sku)))
                    .Where(x => x.f is not null)
                    .Select(x => Record(x.sku, x.f!))
                    .ToList(),
            };
            return Results.Json(new
            {
                groups = groups.Select(g => Place(SimPlaceType.Group, g)).ToList(),
                locations = locations.Select(l => Place(SimPlaceType.Location, l)).ToList(),
            }, SimulatorJson.Options);
        }).WithName("getAvailability");

        root.MapPost("/get-deltas", async (HttpRequest request, SimulatorState state) =>
        {
            var (_, body, error) = await SimHttp.ReadJsonAsync<DeltaBody>(request).ConfigureAwait(false);
            if (error is not null)
            {
                return error;
            }

            var page = body!.DeltaToken is { } token ? state.Deltas(token, options.DeltaPageSize) : null;
            if (page is null)
            {
                return SimHttp.Problem(410, "ExpiredDeltaLink", "the delta token is unknown or expired; rebuild from a full export");
            }

            return Results.Json(new
            {
                nextDeltaToken = page.NextDeltaToken,
                shouldQueryAgain = page.ShouldQueryAgain,
                records = page.Records.Select(r => new
                {
                    id = r.Place.Id,
                    sku = r.Sku,
                    deltaType = "Change",
                    ato = r.Figures.Ato,
                    atf = r.Figures.Atf,
                    onHand = r.Figures.OnHand,
                    reserved = r.Figures.Reserved,
                    safetyStockCount = r.Figures.SafetyStockCount,
                    effectiveDate = (DateTimeOffset?)null,
                    futures = r.Figures.Futures,
                }).ToList(),
            }, SimulatorJson.Options);
        }).WithName("getDeltas");
    }

    internal static object Record(string sku, SimFigures f) => new
    {
        sku,
        ato = f.Ato,
        atf = f.Atf,
        onHand = f.OnHand,
        reserved = f.Reserved,
        safetyStockCount = f.SafetyStockCount,
        effectiveDate = (DateTimeOffset?)null,
        futures = f.Futures,
    };
}
