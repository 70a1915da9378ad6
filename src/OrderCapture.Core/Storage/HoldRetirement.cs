namespace OrderCapture.Core.Storage;

/// <summary>
/// When a hold stops counting against the cached ATO (invariant 3): it counts while its order is
/// not reserved, and after the reservation until the cache holds figures fetched at or after the
/// moment it was confirmed — before that, OCI's ATO in the cache does not yet include it, and the
/// unit would be sold twice. Then it is retired for good. Both stores evaluate this in SQL
/// (summing holds per SKU), with the predicates in OrderCapture.Storage's <c>StoreRows</c>, which
/// a test checks against this function on both dialects.
/// </summary>
public static class HoldRetirement
{
    /// <param name="replacedAt">When OCI confirmed the order's reservation (null: not yet).</param>
    /// <param name="cacheFetchedAt">When the cached figures of the hold's list were fetched (null: never).</param>
    public static bool StillCounts(DateTimeOffset? replacedAt, DateTimeOffset? cacheFetchedAt) =>
        replacedAt is not { } replaced || cacheFetchedAt is not { } fetched || replaced >= fetched;
}
