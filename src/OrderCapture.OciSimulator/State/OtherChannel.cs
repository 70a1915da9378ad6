namespace OrderCapture.OciSimulator.State;

/// <summary>One pace of <c>PUT /_sim/channel</c>: exactly one of group or location, a SKU, units per minute.</summary>
public sealed record ChannelRule(string? Group, string? Location, string? Sku, double PerMinute)
{
    public SimPlace Place => Group is not null ? new SimPlace(SimPlaceType.Group, Group) : new SimPlace(SimPlaceType.Location, Location!);
}

/// <summary>Body of <c>PUT /_sim/channel</c>; <c>Seed</c> makes the randomness repeatable (benchmarks run Off and Pace on the same sales).</summary>
public sealed record ChannelSettings(IReadOnlyList<ChannelRule> Rules, int? Seed = null);

/// <summary>What <c>GET /_sim/channel</c> reports: the rules running, and what each took since it was set.</summary>
public sealed record ChannelReport(bool Running, IReadOnlyList<ChannelRuleReport> Rules);

public sealed record ChannelRuleReport(ChannelRule Rule, decimal Taken);

/// <summary>
/// The other sales channels (stores, marketplaces, Order Management), taking stock at their own
/// pace while they are set, whether or not the worker can reach OCI: the simulator's fault modes
/// stop the worker's requests, not the rest of the retailer. Each tick takes a Poisson-distributed
/// number of whole units around <c>perMinute × tick</c>, never beyond the ATO.
/// </summary>
public sealed class OtherChannel(SimulatorState state, TimeProvider timeProvider) : IDisposable
{
    /// <summary>How often the channel sells. Small enough that a pace of 1/min is not bursty.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(200);

    private readonly Lock _sync = new();
    private ITimer? _timer;
    private Random _random = new();
    private DateTimeOffset _last;
    private List<ChannelRule> _rules = [];
    private decimal[] _taken = [];

    public static string? Validate(ChannelSettings settings, SimulatorState state)
    {
        foreach (var rule in settings.Rules ?? [])
        {
            if ((rule.Group is null) == (rule.Location is null) || !SimulatorState.IsValidSku(rule.Sku))
            {
                return "each rule gives exactly one of group or location, and a valid sku";
            }

            if (!double.IsFinite(rule.PerMinute) || rule.PerMinute is < 0 or > 1_000_000)
            {
                return $"perMinute of {rule.Sku} must be between 0 and 1000000";
            }

            if (!state.Exists(rule.Place))
            {
                return $"{rule.Place.Type} {rule.Place.Id} does not exist";
            }
        }

        return settings.Rules is null ? "rules is required" : null;
    }

    /// <summary>Starts selling at these paces (replacing any before); counts start again from zero.</summary>
    public void Set(ChannelSettings settings)
    {
        lock (_sync)
        {
            _rules = [.. settings.Rules];
            _taken = new decimal[_rules.Count];
            _random = settings.Seed is { } seed ? new Random(seed) : new Random();
            _last = timeProvider.GetUtcNow();
            _timer ??= timeProvider.CreateTimer(_ => Sell(), null, Tick, Tick);
        }
    }

    public void Stop()
    {
        lock (_sync)
        {
            _timer?.Dispose();
            _timer = null;
            _rules = [];
            _taken = [];
        }
    }

    public ChannelReport Report()
    {
        lock (_sync)
        {
            return new ChannelReport(_timer is not null, [.. _rules.Select((r, i) => new ChannelRuleReport(r, _taken[i]))]);
        }
    }

    public void Dispose() => Stop();

    private void Sell()
    {
        lock (_sync)
        {
            var now = timeProvider.GetUtcNow();
            var minutes = Math.Max(0, (now - _last).TotalMinutes);
            _last = now;
            for (var i = 0; i < _rules.Count; i++)
            {
                var units = Poisson(_rules[i].PerMinute * minutes);
                if (units > 0)
                {
                    _taken[i] += state.Consume(_rules[i].Place, _rules[i].Sku!, units);
                }
            }
        }
    }

    /// <summary>Knuth's method for the small means a tick has; a normal approximation for large ones.</summary>
    private int Poisson(double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        if (mean > 30)
        {
            var normal = Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
            return Math.Max(0, (int)Math.Round(mean + (Math.Sqrt(mean) * normal)));
        }

        var limit = Math.Exp(-mean);
        var k = 0;
        var p = _random.NextDouble();
        while (p > limit)
        {
            k++;
            p *= _random.NextDouble();
        }

        return k;
    }
}
