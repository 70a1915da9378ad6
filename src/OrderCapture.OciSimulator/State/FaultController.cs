namespace OrderCapture.OciSimulator.State;

/// <summary>The fault in force and the rate-limit window. Switched by <c>PUT /_sim/faults</c>.</summary>
public sealed class FaultController(TimeProvider timeProvider)
{
    private readonly Lock _sync = new();
    private FaultSettings _settings = FaultSettings.None;
    private long _windowSecond;
    private int _windowCount;

    public FaultSettings Current
    {
        get
        {
            lock (_sync)
            {
                return _settings;
            }
        }
    }

    /// <summary>The fault for the request at hand; a counted fault uses up one of its requests.</summary>
    public FaultSettings Take()
    {
        lock (_sync)
        {
            var current = _settings;
            if (current.After > 0)
            {
                _settings = current with { After = current.After - 1 };
                return FaultSettings.None;
            }

            if (current.Count is int left)
            {
                _settings = left <= 1 ? FaultSettings.None : current with { Count = left - 1 };
            }

            return current;
        }
    }

    public void Set(FaultSettings settings)
    {
        lock (_sync)
        {
            _settings = settings;
            _windowCount = 0;
        }
    }

    /// <summary>
    /// Counts a request against a fixed one-second window. Answers whether it is admitted, the
    /// limit, what remains and when the window resets (Unix seconds).
    /// </summary>
    public (bool Admitted, int Limit, int Remaining, long ResetAt) Admit()
    {
        lock (_sync)
        {
            var second = timeProvider.GetUtcNow().ToUnixTimeSeconds();
            if (second != _windowSecond)
            {
                _windowSecond = second;
                _windowCount = 0;
            }

            if (_settings.Mode != FaultMode.RateLimit)
            {
                return (true, 0, 0, second + 1);
            }

            // 0 requests per second: every request is refused, a rate limit that never lifts.
            var limit = Math.Max(0, _settings.RequestsPerSecond);

            var admitted = _windowCount < limit;
            if (admitted)
            {
                _windowCount++;
            }

            return (admitted, limit, Math.Max(0, limit - _windowCount), second + 1);
        }
    }
}
