using System.Text.RegularExpressions;

namespace OrderCapture.OciSimulator.State;

/// <summary>
/// The simulator's inventory: locations with stock, groups whose figures are the sums of their
/// locations minus what is reserved at group level, reservation documents, and a change log
/// that feeds deltas. One lock guards it all; the simulator favours being right over being fast.
/// </summary>
public sealed partial class SimulatorState(TimeProvider timeProvider)
{
    private readonly Lock _sync = new();
    private readonly Dictionary<string, Dictionary<string, StockRecord>> _locations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, decimal>> _groupReserved = new(StringComparer.Ordinal);

    public TimeProvider TimeProvider => timeProvider;

    /// <summary>Replaces all state: inventory, documents, delta history. Every delta token issued before is dead.</summary>
    public void Replace(InventorySeed seed)
    {
        var error = Validate(seed);
        if (error is not null)
        {
            throw new ArgumentException(error, nameof(seed));
        }

        lock (_sync)
        {
            _locations.Clear();
            _groups.Clear();
            _groupReserved.Clear();
            _reservations.Clear();
            _releasedIds.Clear();
            ResetDeltas();
            foreach (var location in seed.Locations)
            {
                _locations[location.Id] = location.Records.ToDictionary(
                    r => r.Sku,
                    r => new StockRecord { OnHand = r.OnHand, SafetyStockCount = r.SafetyStockCount ?? 0, Futures = [.. r.Futures ?? []] },
                    StringComparer.Ordinal);
            }

            foreach (var group in seed.Groups)
            {
                _groups[group.Id] = [.. group.Locations.Distinct(StringComparer.Ordinal)];
                _groupReserved[group.Id] = new(StringComparer.Ordinal);
            }
        }
    }

    public bool Exists(SimPlace place)
    {
        lock (_sync)
        {
            return place.Type == SimPlaceType.Group ? _groups.ContainsKey(place.Id) : _locations.ContainsKey(place.Id);
        }
    }

    /// <summary>Figures for a SKU at a place, or null when the place does not carry the SKU.</summary>
    public SimFigures? Figures(SimPlace place, string sku)
    {
        lock (_sync)
        {
            return FiguresLocked(place, sku);
        }
    }

    /// <summary>Another sales channel takes stock: reserved at the place, never beyond its ATO. Answers what was taken.</summary>
    public decimal Consume(SimPlace place, string sku, decimal quantity)
    {
        lock (_sync)
        {
            var taken = Math.Min(quantity, FiguresLocked(place, sku)?.Ato ?? 0);
            if (taken > 0)
            {
                AddReservedLocked(place, sku, taken);
            }

            return taken;
        }
    }

    private SimFigures? FiguresLocked(SimPlace place, string sku)
    {
        if (place.Type == SimPlaceType.Location)
        {
            return _locations.TryGetValue(place.Id, out var records) && records.TryGetValue(sku, out var r)
                ? new SimFigures(r.OnHand, r.Reserved, r.SafetyStockCount, r.Futures, 0)
                : null;
        }

        if (!_groups.TryGetValue(place.Id, out var members))
        {
            return null;
        }

        decimal onHand = 0, reserved = 0, safety = 0;
        var futures = new List<SimFuture>();
        var found = false;
        foreach (var member in members)
        {
            if (_locations.TryGetValue(member, out var records) && records.TryGetValue(sku, out var r))
            {
                found = true;
                onHand += r.OnHand;
                reserved += r.Reserved;
                safety += r.SafetyStockCount;
                futures.AddRange(r.Futures);
            }
        }

        // A reservation at another group sharing a location counts here too, in full (OCI-CONTRACT.md, "Location graph").
        var groupReserved = _groupReserved[place.Id].GetValueOrDefault(sku);
        var shared = GroupsSharingWithLocked(place.Id).Sum(g => _groupReserved[g].GetValueOrDefault(sku));
        return found ? new SimFigures(onHand, reserved + groupReserved + shared, safety, futures, groupReserved, shared) : null;
    }

    /// <summary>The other groups holding at least one location of <paramref name="groupId"/>.</summary>
    private IEnumerable<string> GroupsSharingWithLocked(string groupId) =>
        _groups.TryGetValue(groupId, out var members)
            ? _groups.Where(g => g.Key != groupId && g.Value.Any(l => Array.IndexOf(members, l) >= 0)).Select(g => g.Key)
            : [];

    /// <summary>The location graph as OCI's export gives it: every location, and each group's locations.</summary>
    public (IReadOnlyList<string> Locations, IReadOnlyList<(string Id, IReadOnlyList<string> Locations)> Groups) LocationGraph()
    {
        lock (_sync)
        {
            return ([.. _locations.Keys.Order(StringComparer.Ordinal)],
                [.. _groups.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, (IReadOnlyList<string>)[.. g.Value]))]);
        }
    }

    private IEnumerable<string> SkusLocked(SimPlace place)
    {
        if (place.Type == SimPlaceType.Location)
        {
            return _locations.TryGetValue(place.Id, out var records) ? records.Keys : Enumerable.Empty<string>();
        }

        return _groups.TryGetValue(place.Id, out var members)
            ? members.SelectMany(m => _locations.TryGetValue(m, out var r) ? r.Keys : Enumerable.Empty<string>()).Distinct(StringComparer.Ordinal)
            : Enumerable.Empty<string>();
    }

    private void AddReservedLocked(SimPlace place, string sku, decimal quantity)
    {
        if (place.Type == SimPlaceType.Location)
        {
            _locations[place.Id][sku].Reserved += quantity;
        }
        else
        {
            var reserved = _groupReserved[place.Id];
            reserved[sku] = reserved.GetValueOrDefault(sku) + quantity;
        }

        RecordChangeLocked(place, sku);
    }

    internal static string? Validate(InventorySeed seed)
    {
        var locationIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var location in seed.Locations)
        {
            if (!PlaceIdPattern().IsMatch(location.Id ?? ""))
            {
                return $"location id '{location.Id}' is not 2–128 characters of [A-Za-z0-9_-]";
            }

            if (!locationIds.Add(location.Id!))
            {
                return $"location '{location.Id}' appears twice";
            }

            foreach (var record in location.Records ?? [])
            {
                if (!IsValidSku(record.Sku) || record.OnHand < 0 || record.SafetyStockCount < 0)
                {
                    return $"record '{record.Sku}' at '{location.Id}' is invalid";
                }
            }
        }

        foreach (var group in seed.Groups)
        {
            if (!PlaceIdPattern().IsMatch(group.Id ?? "") || locationIds.Contains(group.Id!))
            {
                return $"group id '{group.Id}' is invalid or clashes with a location";
            }

            if (group.Locations.FirstOrDefault(l => !locationIds.Contains(l)) is { } unknown)
            {
                return $"group '{group.Id}' names unknown location '{unknown}'";
            }
        }

        return null;
    }

    public static bool IsValidSku(string? sku) => sku is { Length: >= 1 and <= 250 } && !SkuForbidden().IsMatch(sku);

    public static bool IsValidPlaceId(string? id) => id is not null && PlaceIdPattern().IsMatch(id);

    [GeneratedRegex(@"\A[A-Za-z0-9_-]{2,128}\z")]
    private static partial Regex PlaceIdPattern();

    [GeneratedRegex(@"[\\<>;%/\s]")]
    private static partial Regex SkuForbidden();
}
