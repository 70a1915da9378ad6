namespace OrderCapture.OciSimulator.State;

/// <summary>One page of the delta feed, with the token to continue from.</summary>
public sealed record SimDeltaPage(string NextDeltaToken, bool ShouldQueryAgain, IReadOnlyList<(SimPlace Place, string Sku, SimFigures Figures)> Records);

public sealed partial class SimulatorState
{
    private readonly List<(SimPlace Place, string Sku)> _changes = [];
    private readonly Dictionary<string, int> _tokens = new(StringComparer.Ordinal);
    private long _epoch;

    /// <summary>A token that follows changes from now on (what an export hands out).</summary>
    public string IssueDeltaToken()
    {
        lock (_sync)
        {
            return IssueTokenLocked(_changes.Count);
        }
    }

    /// <summary>The next page after <paramref name="token"/>, or null when the token is unknown or from before a reset.</summary>
    public SimDeltaPage? Deltas(string token, int pageSize)
    {
        lock (_sync)
        {
            if (!_tokens.TryGetValue(token, out var position))
            {
                return null;
            }

            // One record per place and SKU per page, with the figures as they are now.
            var seen = new HashSet<(SimPlace, string)>();
            var records = new List<(SimPlace, string, SimFigures)>();
            var next = position;
            while (next < _changes.Count)
            {
                var change = _changes[next];
                if (!seen.Contains(change))
                {
                    if (seen.Count == pageSize)
                    {
                        break;
                    }

                    seen.Add(change);
                    records.Add((change.Place, change.Sku, FiguresLocked(change.Place, change.Sku) ?? new SimFigures(0, 0, 0, [], 0)));
                }

                next++;
            }

            return new SimDeltaPage(IssueTokenLocked(next), next < _changes.Count, records);
        }
    }

    private string IssueTokenLocked(int position)
    {
        var token = $"dt{_epoch}-{position}-{Guid.NewGuid():N}";
        _tokens[token] = position;
        return token;
    }

    private void RecordChangeLocked(SimPlace place, string sku)
    {
        _changes.Add((place, sku));
        if (place.Type == SimPlaceType.Location)
        {
            // A location's change moves the figures of every group it belongs to.
            foreach (var (groupId, members) in _groups)
            {
                if (Array.IndexOf(members, place.Id) >= 0)
                {
                    _changes.Add((new SimPlace(SimPlaceType.Group, groupId), sku));
                }
            }
        }
        else
        {
            // A group's reservation moves the figures of every group sharing a location with it.
            foreach (var groupId in GroupsSharingWithLocked(place.Id))
            {
                _changes.Add((new SimPlace(SimPlaceType.Group, groupId), sku));
            }
        }
    }

    /// <summary>Every delta token issued so far dies (410 ExpiredDeltaLink): workers must rebuild from an export. State and documents stay.</summary>
    public void ExpireDeltaTokens()
    {
        lock (_sync)
        {
            ResetDeltas();
        }
    }

    private void ResetDeltas()
    {
        _changes.Clear();
        _tokens.Clear();
        _epoch++;
    }

    /// <summary>Snapshot of every record at the given places, for an export file.</summary>
    public IReadOnlyList<(SimPlace Place, IReadOnlyList<(string Sku, SimFigures Figures)> Records)> Snapshot(IReadOnlyList<SimPlace> places, out string deltaToken)
    {
        lock (_sync)
        {
            deltaToken = IssueTokenLocked(_changes.Count);
            return [.. places.Select(p => (p, (IReadOnlyList<(string, SimFigures)>)[.. SkusLocked(p).Select(s => (s, FiguresLocked(p, s)!))]))];
        }
    }
}
