using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace OrderCapture.OciSimulator.State;

/// <summary>Bearer tokens the simulator has issued and when each expires.</summary>
public sealed class TokenStore(TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);

    public string Issue(TimeSpan lifetime)
    {
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        _tokens[token] = timeProvider.GetUtcNow() + lifetime;
        return token;
    }

    public bool IsValid(string token) => _tokens.TryGetValue(token, out var expires) && timeProvider.GetUtcNow() < expires;

    /// <summary>Every token stops working, as after a key rotation; clients must refresh.</summary>
    public void RevokeAll() => _tokens.Clear();
}
