using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Sites;

namespace OrderCapture.Core.Places;

/// <summary>
/// Invariant 2 written once: which cached lists a hold at a place counts against, which lists cap
/// what a place may offer offline, and so what an order holds and must fit. Built from the sites
/// (their lists and pick-up locations) and the location graph; a new one replaces it when either changes.
/// </summary>
public sealed class PlaceScope
{
    private readonly Dictionary<string, PlaceRef> _followed;
    private readonly Dictionary<string, HashSet<string>> _pickupsBySite;
    private readonly Dictionary<string, string> _siteList;
    private readonly string[] _cachedGroups;
    private readonly Dictionary<PlaceRef, (string[] CountsAgainst, string[] CappedBy)> _related = [];

    public PlaceScope(IEnumerable<SiteOptions> sites, LocationGraph graph)
    {
        Graph = graph;
        var siteList = sites.ToList();
        _siteList = siteList.ToDictionary(s => s.Id, s => s.InventoryListId, StringComparer.Ordinal);
        _pickupsBySite = siteList.ToDictionary(s => s.Id, s => PickupsOf(s, graph), StringComparer.Ordinal);
        _followed = new Dictionary<string, PlaceRef>(StringComparer.Ordinal);
        foreach (var site in siteList)
        {
            _followed.TryAdd(site.InventoryListId, new PlaceRef(site.PlaceType, site.InventoryListId));
        }

        foreach (var pickup in _pickupsBySite.Values.SelectMany(p => p).Order(StringComparer.Ordinal))
        {
            _followed.TryAdd(pickup, new PlaceRef(PlaceType.Location, pickup));
        }

        FollowedLists = [.. _followed.Values.OrderBy(p => p.Id, StringComparer.Ordinal)];
        _cachedGroups = [.. _followed.Values.Where(p => p.Type == PlaceType.Group).Select(p => p.Id).Order(StringComparer.Ordinal)];

        // Every order asks about the same few places: worked out once here, not per line.
        foreach (var place in _followed.Values)
        {
            _related[place] = (Related(place, sharing: true), Related(place, sharing: false));
        }
    }

    public LocationGraph Graph { get; }

    /// <summary>Every list the cache keeps: each site's list and each pick-up location, sorted by id.</summary>
    public IReadOnlyList<PlaceRef> FollowedLists { get; }

    /// <summary>The followed list with this id, or null when the cache does not keep it.</summary>
    public PlaceRef? Followed(string listId) => _followed.TryGetValue(listId, out var place) ? place : null;

    /// <summary>The locations where shoppers of <paramref name="site"/> may pick up (explicit ids, or the graph's locations of its group for "*").</summary>
    public IReadOnlySet<string> PickupLocationsOf(string site) => _pickupsBySite.TryGetValue(site, out var p) ? p : [];

    /// <summary>
    /// The place a line of <paramref name="site"/> names: its site's list (null or that id), or one of
    /// the site's pick-up locations. Null when the line may not name that list.
    /// </summary>
    public PlaceRef? PlaceOfLine(string site, string? inventoryListId)
    {
        if (!_siteList.TryGetValue(site, out var own))
        {
            return null;
        }

        var id = inventoryListId ?? own;
        return id == own || PickupLocationsOf(site).Contains(id) ? _followed[id] : null;
    }

    /// <summary>
    /// The cached lists a hold at <paramref name="place"/> lowers, the place first: a location and
    /// every cached group containing it; a group and every cached group sharing a location with it.
    /// </summary>
    public IReadOnlyList<string> CountsAgainst(PlaceRef place) =>
        _related.TryGetValue(place, out var known) ? known.CountsAgainst : Related(place, sharing: true);

    /// <summary>
    /// The cached lists whose effective ATO caps what <paramref name="place"/> offers offline: a
    /// location never offers more than any cached group containing it still has (one step stricter
    /// than OCI); a group offers what it has.
    /// </summary>
    public IReadOnlyList<string> CappedBy(PlaceRef place) =>
        _related.TryGetValue(place, out var known) ? known.CappedBy : Related(place, sharing: false);

    /// <summary>What <paramref name="order"/> holds (one row per list a line counts against) and what must fit, per list and SKU.</summary>
    public HoldPlan Plan(Order order)
    {
        var holds = new Dictionary<(string, string), decimal>();
        var checks = new Dictionary<(string, string), decimal>();
        foreach (var line in order.Lines)
        {
            var place = new PlaceRef(line.PlaceType, line.InventoryListId);
            foreach (var list in CountsAgainst(place))
            {
                holds[(list, line.Sku)] = holds.GetValueOrDefault((list, line.Sku)) + line.Quantity;
            }

            foreach (var list in CappedBy(place))
            {
                checks[(list, line.Sku)] = 0;
            }
        }

        // A list is checked against everything the order would hold on it, whichever line put it there.
        return new HoldPlan(
            [.. holds.Select(h => new PlaceQuantity(h.Key.Item1, h.Key.Item2, h.Value))],
            [.. checks.Keys.Select(k => new PlaceQuantity(k.Item1, k.Item2, holds[k]))]);
    }

    /// <summary>The stock an order draws on for invariant 11: every (list, SKU) its holds count against.</summary>
    public IReadOnlySet<(string List, string Sku)> StockOf(Order order) =>
        order.Lines.SelectMany(l => CountsAgainst(new PlaceRef(l.PlaceType, l.InventoryListId)).Select(list => (list, l.Sku))).ToHashSet();

    /// <summary>
    /// A location with the cached groups containing it; a group with, when <paramref name="sharing"/>,
    /// the cached groups sharing a location with it.
    /// </summary>
    private string[] Related(PlaceRef place, bool sharing) => place.Type == PlaceType.Location
        ? [place.Id, .. Graph.GroupsContaining(place.Id).Where(IsCachedGroup)]
        : sharing ? [place.Id, .. Graph.GroupsSharingWith(place.Id).Where(IsCachedGroup)] : [place.Id];

    private bool IsCachedGroup(string id) => Array.BinarySearch(_cachedGroups, id, StringComparer.Ordinal) >= 0;

    private static HashSet<string> PickupsOf(SiteOptions site, LocationGraph graph) =>
        site.PickupLocations.Contains(SiteOptions.EveryPickupLocation)
            ? [.. graph.LocationsOf(site.InventoryListId)]
            : [.. site.PickupLocations];
}
