using Microsoft.AspNetCore.Http;

namespace OrderCapture.OciSimulator.Middleware;

/// <summary>
/// The scope the vendor's RAML names (<c>securedBy</c>) for each OCI operation the simulator serves.
/// A token without it is answered 403, as the gateway does.
/// </summary>
public static class SpecScopes
{
    public const string Availability = "sfcc.inventory.availability";
    public const string ReservationsWrite = "sfcc.inventory.reservations.rw";
    public const string ImpexInventory = "sfcc.inventory.impex-inventory";
    public const string ImpexInventoryWrite = "sfcc.inventory.impex-inventory.rw";
    public const string ImpexGraphs = "sfcc.inventory.impex-graphs";

    /// <summary>Every scope above: what a client is allowed when <see cref="SimulatorOptions.AllowedScopes"/> is empty.</summary>
    public static IReadOnlyList<string> All { get; } = [Availability, ReservationsWrite, ImpexInventory, ImpexInventoryWrite, ImpexGraphs];

    /// <summary>The scope a request needs, or null for a path the spec does not secure here.</summary>
    public static string? Required(HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        if (path.StartsWith("/inventory/availability/", StringComparison.Ordinal))
        {
            return Availability;
        }

        if (path.StartsWith("/inventory/reservation/", StringComparison.Ordinal))
        {
            return ReservationsWrite;
        }

        if (!path.StartsWith("/inventory/impex/", StringComparison.Ordinal))
        {
            return null;
        }

        if (path.Contains("/location-graph/", StringComparison.Ordinal))
        {
            return ImpexGraphs;
        }

        // Starting a reservations export writes; reading its status and file, or any availability export, reads.
        return path.Contains("/reservations/exports", StringComparison.Ordinal) && HttpMethods.IsPost(request.Method) ? ImpexInventoryWrite : ImpexInventory;
    }
}
