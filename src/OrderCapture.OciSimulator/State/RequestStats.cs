using System.Collections.Concurrent;

namespace OrderCapture.OciSimulator.State;

/// <summary>Request counts by operation and HTTP status, for <c>GET /_sim/stats</c>.</summary>
public sealed class RequestStats
{
    private readonly ConcurrentDictionary<(string Operation, int Status), long> _counts = new();

    public void Count(string operation, int status) => _counts.AddOrUpdate((operation, status), 1, (_, n) => n + 1);

    public long Get(string operation, int? status = null) =>
        _counts.Where(kv => kv.Key.Operation == operation && (status is null || kv.Key.Status == status)).Sum(kv => kv.Value);

    public IReadOnlyDictionary<string, Dictionary<string, long>> Snapshot() =>
        _counts.GroupBy(kv => kv.Key.Operation)
            .ToDictionary(g => g.Key, g => g.ToDictionary(kv => kv.Key.Status.ToString(System.Globalization.CultureInfo.InvariantCulture), kv => kv.Value));

    public void Reset() => _counts.Clear();
}
