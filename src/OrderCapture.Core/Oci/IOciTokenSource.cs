namespace OrderCapture.Core.Oci;

/// <summary>The bearer token the OCI calls carry (Account Manager's client credentials), for whoever must check it by itself.</summary>
public interface IOciTokenSource
{
    /// <summary>The cached token, or a new one when <paramref name="forceRefresh"/> or it is about to expire.</summary>
    Task<OciResult<string>> GetAsync(bool forceRefresh, CancellationToken cancellationToken);
}

/// <summary>The scopes the worker's API client needs (OCI-CONTRACT.md, "Authentication").</summary>
public static class OciScopes
{
    public static string For(string tenant) =>
        $"SALESFORCE_COMMERCE_API:{tenant} sfcc.inventory.availability sfcc.inventory.reservations.rw sfcc.inventory.impex-inventory sfcc.inventory.impex-inventory.rw sfcc.inventory.impex-graphs";
}
