namespace OrderCapture.Core.Oci;

/// <summary>The bearer token the OCI calls carry (Account Manager's client credentials), for whoever must check it by itself.</summary>
public interface IOciTokenSource
{
    /// <summary>The cached token, or a new one when <paramref name="forceRefresh"/> or it is about to expire.</summary>
    Task<OciResult<string>> GetAsync(bool forceRefresh, CancellationToken cancellationToken);

    /// <summary>The scopes the last token was granted, when Account Manager said; null when it did not.</summary>
    IReadOnlySet<string>? GrantedScopes { get; }
}

/// <summary>The scopes the worker's API client needs (OCI-CONTRACT.md, "Authentication").</summary>
public static class OciScopes
{
    /// <summary>Each scope the worker asks for, with what needs it (the vendor's securedBy).</summary>
    public static IReadOnlyList<(string Scope, string NeededFor)> Needed { get; } =
    [
        ("sfcc.inventory.availability", "get-availability and get-deltas: the cache and the connectivity probe"),
        ("sfcc.inventory.reservations.rw", "reservation documents and releases: online capture, reconciliation, cancels"),
        ("sfcc.inventory.impex-inventory", "the availability export (the cache's rebuild) and reading a reservations export (check --verify-oci, documents read back after a 409)"),
        ("sfcc.inventory.impex-inventory.rw", "starting a reservations export"),
        ("sfcc.inventory.impex-graphs", "the location-graph export (holds across a group and its stores, pick-up locations \"*\")"),
    ];

    public static string For(string tenant) => $"SALESFORCE_COMMERCE_API:{tenant} {string.Join(' ', Needed.Select(n => n.Scope))}";
}
