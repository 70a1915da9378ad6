namespace OrderCapture.Core.Places;

/// <summary>
/// Which locations each location group holds, as OCI's location-graph export tells it
/// (OCI-CONTRACT.md, "Location graph"). Ids are the places' external references, the ids every
/// other OCI call uses. A location may be in no group, in one or in several.
/// </summary>
public sealed class LocationGraph
{
    private readonly Dictionary<string, string[]> _groups;
    private readonly Dictionary<string, string[]> _groupsOfLocation;
    private readonly HashSet<string> _locations;

    public LocationGraph(IEnumerable<string> locations, IEnumerable<(string Group, IEnumerable<string> Locations)> groups, DateTimeOffset? readAt)
    {
        _groups = groups.GroupBy(g => g.Group, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.SelectMany(x => x.Locations).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        Locations = locations.Concat(_groups.Values.SelectMany(l => l)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        _groupsOfLocation = _groups.SelectMany(g => g.Value.Select(l => (Location: l, Group: g.Key)))
            .GroupBy(x => x.Location, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Group).Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        _locations = [.. Locations];
        ReadAt = readAt;
    }

    /// <summary>A graph never read: no place is known to hold or belong to another.</summary>
    public static LocationGraph Unknown { get; } = new([], [], readAt: null);

    /// <summary>When the graph was read from OCI; null when it never was.</summary>
    public DateTimeOffset? ReadAt { get; }

    public bool IsKnown => ReadAt is not null;

    /// <summary>Every location the export names, sorted.</summary>
    public IReadOnlyList<string> Locations { get; }

    /// <summary>Every group id, sorted.</summary>
    public IReadOnlyList<string> Groups => [.. _groups.Keys.Order(StringComparer.Ordinal)];

    public bool HasGroup(string groupId) => _groups.ContainsKey(groupId);

    public bool HasLocation(string locationId) => _locations.Contains(locationId);

    /// <summary>The locations of a group (empty for an unknown group), sorted.</summary>
    public IReadOnlyList<string> LocationsOf(string groupId) => _groups.TryGetValue(groupId, out var members) ? members : [];

    /// <summary>The groups holding a location (empty when none does), sorted.</summary>
    public IReadOnlyList<string> GroupsContaining(string locationId) => _groupsOfLocation.TryGetValue(locationId, out var groups) ? groups : [];

    /// <summary>The other groups that hold at least one location of <paramref name="groupId"/>, sorted.</summary>
    public IReadOnlyList<string> GroupsSharingWith(string groupId) =>
        [.. LocationsOf(groupId).SelectMany(GroupsContaining).Where(g => g != groupId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>Whether two graphs say the same (the moment they were read aside).</summary>
    public bool SameAs(LocationGraph other) =>
        Locations.SequenceEqual(other.Locations, StringComparer.Ordinal)
        && _groups.Count == other._groups.Count
        && _groups.All(g => other._groups.TryGetValue(g.Key, out var members) && members.SequenceEqual(g.Value, StringComparer.Ordinal));
}
