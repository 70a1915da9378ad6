using OrderCapture.Core.Oci;
using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Places;
using OrderCapture.Core.Sites;

namespace OrderCapture.Core.Checks;

/// <summary>
/// The doctor's lines about the location graph: it can be read, each configured group and location
/// is in it, and each pick-up location is in its site's group. One line each.
/// </summary>
public static class LocationGraphChecks
{
    public static IEnumerable<ChecklistItem> Check(OciResult<LocationGraph> read, PlaceScope scope, IReadOnlyList<SiteOptions> sites)
    {
        if (read is not OciResult<LocationGraph>.Success { Value: var graph })
        {
            yield return new ChecklistItem("location graph", false,
                $"{Describe(read)}. Grant the API client the scope sfcc.inventory.impex-graphs: without the graph, a hold at a pick-up location does not count against its " +
                "group offline, pick-up locations given as \"*\" name no location, and the worker keeps the graph it read last.");
            yield break;
        }

        yield return new ChecklistItem("location graph", true, $"{graph.Groups.Count} group(s), {graph.Locations.Count} location(s)");
        foreach (var site in sites)
        {
            var inGraph = site.PlaceType == PlaceType.Group ? graph.HasGroup(site.InventoryListId) : graph.HasLocation(site.InventoryListId);
            yield return new ChecklistItem($"graph {site.Id}", inGraph, inGraph
                ? site.PlaceType == PlaceType.Group
                    ? $"group {site.InventoryListId} holds {graph.LocationsOf(site.InventoryListId).Count} location(s); shares a location with: {Names(graph.GroupsSharingWith(site.InventoryListId))}"
                    : $"location {site.InventoryListId} is in group(s): {Names(graph.GroupsContaining(site.InventoryListId))}"
                : $"{site.PlaceType.ToString().ToLowerInvariant()} {site.InventoryListId} is not in OCI's location graph: check the site's InventoryListId (OCI names places by external reference).");

            if (site.PickupLocations.Contains(SiteOptions.EveryPickupLocation))
            {
                var all = scope.PickupLocationsOf(site.Id);
                yield return new ChecklistItem($"pick-up {site.Id}", all.Count > 0, all.Count > 0
                    ? $"\"*\": {all.Count} location(s) of {site.InventoryListId}"
                    : $"\"*\" finds no location in group {site.InventoryListId}.");
                continue;
            }

            foreach (var pickup in site.PickupLocations)
            {
                var member = graph.LocationsOf(site.InventoryListId).Contains(pickup, StringComparer.Ordinal);
                yield return new ChecklistItem($"pick-up {site.Id} {pickup}", member, member
                    ? $"in group {site.InventoryListId}"
                    : $"{pickup} is not a location of group {site.InventoryListId}: a pick-up there would not count against the site's group at OCI. Fix OrderCapture:Sites PickupLocations or the group.");
            }
        }
    }

    private static string Names(IReadOnlyList<string> ids) => ids.Count == 0 ? "none" : string.Join(", ", ids);

    private static string Describe<T>(OciResult<T> result) => result switch
    {
        OciResult<T>.Outage { Reason: var reason } => $"OCI unreachable or refusing ({reason})",
        OciResult<T>.Rejected { StatusCode: var status, ErrorCode: var code, Message: var message } => $"OCI refused: {status} {code} {message}",
        OciResult<T>.RateLimited { RetryAfter: var wait } => $"OCI is rate limiting (Retry-After {wait.TotalSeconds:0} s)",
        _ => result.ToString() ?? "unknown",
    };
}
