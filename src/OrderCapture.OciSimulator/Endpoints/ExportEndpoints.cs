using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrderCapture.OciSimulator.State;

namespace OrderCapture.OciSimulator.Endpoints;

internal static class ExportEndpoints
{
    private sealed record ExportBody(ExportObjectsBody? Objects);

    private sealed record ExportObjectsBody(IReadOnlyList<string>? Groups, IReadOnlyList<string>? Locations);

    public static void MapExports(this IEndpointRouteBuilder app)
    {
        var root = app.MapGroup("/inventory/impex/v1/organizations/{organizationId}/availability-records/exports");
        root.MapPost("", async (string organizationId, HttpRequest request, SimulatorState state, ExportStore exports) =>
        {
            var (_, body, error) = await SimHttp.ReadJsonAsync<ExportBody>(request).ConfigureAwait(false);
            if (error is not null)
            {
                return error;
            }

            var groups = body!.Objects?.Groups ?? [];
            var locations = body.Objects?.Locations ?? [];
            if ((groups.Count > 0) == (locations.Count > 0))
            {
                return SimHttp.Problem(400, "InvalidRequest", "objects must name groups or locations, not both and not neither");
            }

            var places = groups.Select(g => new SimPlace(SimPlaceType.Group, g))
                .Concat(locations.Select(l => new SimPlace(SimPlaceType.Location, l))).ToList();
            if (places.FirstOrDefault(p => !state.Exists(p)) is { Id: not null } missing)
            {
                return missing.Type == SimPlaceType.Group
                    ? SimHttp.Answer(SimulatorState.Problem(400, "GroupDoesNotExist", $"group {missing.Id} does not exist", group: missing.Id))
                    : SimHttp.Answer(SimulatorState.Problem(400, "LocationDoesNotExist", $"location {missing.Id} does not exist", location: missing.Id));
            }

            var id = exports.Start(places);
            return Results.Json(new { exportId = id, exportStatusLink = $"{request.PathBase}{request.Path}/{id}/status" }, SimulatorJson.Options, statusCode: 202);
        }).WithName("initiateExport");

        root.MapGet("/{exportId}/status", (string exportId, HttpRequest request, ExportStore exports) =>
        {
            if (exports.Get(exportId) is not { } export)
            {
                return SimHttp.Problem(404, "EntityNotFound", $"export {exportId} not found");
            }

            var completed = export.Status == "COMPLETED";
            return Results.Json(new
            {
                id = export.Id,
                status = export.Status,
                export = new { recordsExportedCount = export.RecordCount },
                download = completed ? new { downloadLink = request.Path.Value![..^"status".Length] + "file-content" } : null,
                validation = completed ? new { fileHashType = "SHA-256", fileHash = export.Sha256, fileSize = export.Size } : null,
            }, SimulatorJson.Options);
        }).WithName("exportStatus");

        root.MapGet("/{exportId}/file-content", (string exportId, ExportStore exports) => exports.Get(exportId) switch
        {
            null => SimHttp.Problem(404, "EntityNotFound", $"export {exportId} not found"),
            { Status: "COMPLETED", FilePath: { } path } when File.Exists(path) => Results.File(path, "application/x-ndjson"),
            { Status: "COMPLETED" } => SimHttp.Problem(410, "ExpiredResultLink", $"export {exportId} file is gone"),
            _ => SimHttp.Problem(409, "ExportInProcess", $"export {exportId} is still running"),
        }).WithName("exportFileContent");
    }
}
