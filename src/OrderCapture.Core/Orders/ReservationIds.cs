using System.Security.Cryptography;
using System.Text;

namespace OrderCapture.Core.Orders;

/// <summary>
/// The OCI reservation id of an order, derived from (site, order number) alone, so every
/// retry, restart and re-run reuses it and a replay is idempotent at OCI (invariant 4).
/// </summary>
public static class ReservationIds
{
    public static string For(string site, string orderNo)
    {
        // Hashing, not concatenating: "a-b"+"c" and "a"+"b-c" must not meet.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{site}\n{orderNo}"));
        return "oc-" + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    /// <summary>The externalRefId sent with the reservation, readable in OCI's console.</summary>
    public static string ExternalRef(string site, string orderNo) => $"{site}-{orderNo}";
}
