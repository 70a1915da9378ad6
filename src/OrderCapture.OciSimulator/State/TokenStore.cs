using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace OrderCapture.OciSimulator.State;

/// <summary>Bearer tokens the simulator has issued and when each expires.</summary>
public sealed class TokenStore(TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset Expires, IReadOnlySet<string> Scopes)> _tokens = new(StringComparer.Ordinal);

    public string Issue(TimeSpan lifetime, IReadOnlySet<string> scopes)
    {
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        _tokens[token] = (timeProvider.GetUtcNow() + lifetime, scopes);
        return token;
    }

    /// <summary>Whether the token was issued here and has not expired; its scopes when it is.</summary>
    public bool IsValid(string token, out IReadOnlySet<string> scopes)
    {
        var known = _tokens.TryGetValue(token, out var issued) && timeProvider.GetUtcNow() < issued.Expires;
        scopes = known ? issued.Scopes : new HashSet<string>();
        return known;
    }

    /// <summary>Every token stops working, as after a key rotation; clients must refresh.</summary>
    public void RevokeAll() => _tokens.Clear();
}
