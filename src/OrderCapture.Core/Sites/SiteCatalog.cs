using Microsoft.Extensions.Options;
using OrderCapture.Core.Oci.Contracts;

namespace OrderCapture.Core.Sites;

/// <summary>The configured sites and inventory lists, resolved once: time zones, place types.</summary>
public sealed class SiteCatalog
{
    private readonly Dictionary<string, (SiteOptions Options, TimeZoneInfo Zone)> _sites;
    private readonly Dictionary<string, PlaceType> _lists;

    public SiteCatalog(IOptions<OrderCaptureOptions> options)
    {
        _sites = options.Value.Sites.ToDictionary(s => s.Id, s => (s, TimeZoneInfo.FindSystemTimeZoneById(s.TimeZone)), StringComparer.Ordinal);
        _lists = options.Value.Sites
            .GroupBy(s => s.InventoryListId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().PlaceType, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<string> SiteIds => _sites.Keys;

    /// <summary>Every inventory list the worker follows (one per distinct list of the sites).</summary>
    public IReadOnlyList<PlaceRef> InventoryLists => [.. _lists.Select(kv => new PlaceRef(kv.Value, kv.Key))];

    public SiteOptions? Find(string site) => _sites.TryGetValue(site, out var s) ? s.Options : null;

    /// <summary>Time zone for report names of a site (UTC for an unknown site).</summary>
    public TimeZoneInfo TimeZoneOf(string site) => _sites.TryGetValue(site, out var s) ? s.Zone : TimeZoneInfo.Utc;
}

/// <summary>Checks that DataAnnotations cannot: unique ids, a known time zone, one place type per list, pick-up locations only on groups.</summary>
internal sealed class OrderCaptureOptionsValidator : IValidateOptions<OrderCaptureOptions>
{
    public ValidateOptionsResult Validate(string? name, OrderCaptureOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Sites.Count; i++)
        {
            // The attributes of each site are checked by OrderCaptureOptionsAnnotationsValidator.
            var site = options.Sites[i];
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(site.TimeZone ?? "", out _))
            {
                failures.Add($"OrderCapture:Sites:{i}:TimeZone '{site.TimeZone}' is not a known time zone.");
            }
        }

        failures.AddRange(options.Sites.GroupBy(s => s.Id, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => $"OrderCapture:Sites: site id '{g.Key}' appears more than once."));
        failures.AddRange(options.Sites.GroupBy(s => s.InventoryListId, StringComparer.Ordinal).Where(g => g.Select(s => s.PlaceType).Distinct().Count() > 1)
            .Select(g => $"OrderCapture:Sites: inventory list '{g.Key}' is configured both as a group and as a location."));
        var groupLists = options.Sites.Where(s => s.PlaceType == PlaceType.Group).Select(s => s.InventoryListId).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < options.Sites.Count; i++)
        {
            var site = options.Sites[i];
            if (site.PickupLocations.Count == 0)
            {
                continue;
            }

            if (site.PlaceType != PlaceType.Group)
            {
                failures.Add($"OrderCapture:Sites:{i}:PickupLocations: site '{site.Id}' sells from location '{site.InventoryListId}'; pick-up locations belong to a site on a group.");
            }

            if (site.PickupLocations.Contains(SiteOptions.EveryPickupLocation) && site.PickupLocations.Count > 1)
            {
                failures.Add($"OrderCapture:Sites:{i}:PickupLocations: \"*\" stands for every location of the group and cannot be mixed with ids.");
            }

            foreach (var bad in site.PickupLocations.Where(p => p != SiteOptions.EveryPickupLocation && (!Orders.Names.IsValidInventoryListId(p) || groupLists.Contains(p))))
            {
                failures.Add($"OrderCapture:Sites:{i}:PickupLocations: '{Orders.FreeText.Clean(bad)}' is not a location id (2–128 of [A-Za-z0-9_-], not a site's group).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
