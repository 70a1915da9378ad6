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
                return SimHttp.Problem(400, "InvalidRequestParameter", "objects must name groups or locations, not both and not neither");
            }

            var places = groups.Select(g => new SimPlace(SimPlaceType.Group, g))
                .Concat(locations.Select(l => new SimPlace(SimPlaceType.Location, l))).ToList();
            if (places.FirstOrDefault(p => !state.Exists(p)) is { Id: not null } missing)
            {
                return missing.Type == SimPlaceType.Group
                    ? SimHttp.Answer(SimulatorState.Problem(400, "GroupDoesNotExist", $"group {missing.Id} does not exist", group: missing.Id))
                    : SimHttp.Answer(SimulatorState.Problem(400, "LocationDoesNotExist", $"location {missing.Id} does not exist", location: missing.Id));
            }

            var id = exports.Start(SimExportKind.Availability, AvailabilityExportFile.Of(state, places));
            return Results.Json(new { exportId = id, exportStatusLink = $"{request.PathBase}{request.Path}/{id}/status" }, SimulatorJson.Options);
        }).WithName("initiateExport");

        root.MapGet("/{exportId}/status", (string exportId, HttpRequest request, ExportStore exports) =>
        {
            return Status(exports.Get(exportId, SimExportKind.Availability), exportId, request);
        }).WithName("exportStatus");

        root.MapGet("/{exportId}/file-content", (string exportId, ExportStore exports) => FileContent(exports.Get(exportId, SimExportKind.Availability), exportId))
            .WithName("exportFileContent");
    }

    /// <summary>
    /// The calls every impex export kind shares under its root: status, file-content and delete, named
    /// <paramref name="name"/>ExportStatus, …ExportFileContent and delete…Export as the spec names them.
    /// </summary>
    public static void MapStatusFileAndDelete(this RouteGroupBuilder root, SimExportKind kind, string name)
    {
        root.MapGet("/{exportId}/status", (string exportId, HttpRequest request, ExportStore exports) =>
            Status(exports.Get(exportId, kind), exportId, request)).WithName($"{name}ExportStatus");

        root.MapGet("/{exportId}/file-content", (string exportId, ExportStore exports) =>
            FileContent(exports.Get(exportId, kind), exportId)).WithName($"{name}ExportFileContent");

        root.MapDelete("/{exportId}", (string exportId, ExportStore exports) => exports.Delete(exportId, kind) switch
        {
            204 => Results.NoContent(),
            409 => SimHttp.Problem(409, "ExportInProcess", $"export {exportId} is still running"),
            _ => SimHttp.Problem(404, "EntityNotFound", $"export {exportId} not found"),
        }).WithName($"delete{char.ToUpperInvariant(name[0])}{name[1..]}Export");
    }

    /// <summary>An export's status answer, the same shape for every kind.</summary>
    public static IResult Status(SimExport? export, string exportId, HttpRequest request)
    {
        if (export is null)
        {
            return SimHttp.Problem(404, "EntityNotFound", $"export {exportId} not found");
        }

        var completed = export.Status == "COMPLETED";
        return Results.Json(new
        {
            id = export.Id,
            status = export.Status,
            export = new { startTimeUTC = export.StartedAt, endTimeUTC = export.EndedAt, recordsProcessedCount = export.RecordCount, recordsExportedCount = export.RecordCount },
            download = completed ? new { downloadLink = request.Path.Value![..^"status".Length] + "file-content", downloadLinkExpirationUTC = export.EndedAt?.AddHours(1) } : null,
            validation = completed ? new { fileHashType = "SHA-256", fileHash = export.Sha256, fileSize = export.Size } : null,
        }, SimulatorJson.Options);
    }

    /// <summary>An export's file: 409 while it runs, 410 once the file is gone.</summary>
    public static IResult FileContent(SimExport? export, string exportId) => export switch
    {
        null => SimHttp.Problem(404, "EntityNotFound", $"export {exportId} not found"),
        { Status: "COMPLETED", FilePath: { } path } when File.Exists(path) =>
            Results.File(path, export.Kind == SimExportKind.LocationGraph ? "application/json" : "application/x-ndjson"),
        { Status: "COMPLETED" } => SimHttp.Problem(410, "ExpiredResultLink", $"export {exportId} file is gone"),
        _ => SimHttp.Problem(409, "ExportInProcess", $"export {exportId} is still running"),
    };
}
