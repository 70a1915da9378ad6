using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OrderCapture.Core.Sites;

namespace OrderCapture.Worker.Security;

/// <summary>Who a caller is (invariant 12): a storefront may capture, cancel and read an order; an operator may do everything.</summary>
public enum AccessRole
{
    None,
    Storefront,
    Operator,
}

/// <summary>
/// The configured keys of both roles, kept only as SHA-256 digests. A key given by a caller is
/// hashed and compared with every digest in constant time, so neither its length nor which key it
/// nearly matched shows in the time taken; the loop never stops early.
/// </summary>
public sealed class AccessKeys
{
    public const string HashPrefix = "sha256:";

    /// <summary>Shortest plain key taken in <c>StorefrontKeys</c> / <c>OperatorKeys</c>.</summary>
    public const int MinimumKeyLength = 24;

    private readonly (byte[] Digest, AccessRole Role)[] _keys;

    public AccessKeys(IOptions<OrderCaptureOptions> options)
    {
        var o = options.Value;
        _keys =
        [
            .. o.StorefrontKeys.Where(IsWellFormed).Select(k => (Digest(k), AccessRole.Storefront)),
            .. o.OperatorKeys.Where(IsWellFormed).Select(k => (Digest(k), AccessRole.Operator)),
            .. string.IsNullOrEmpty(o.ApiKey) ? [] : new[] { (Digest(o.ApiKey), AccessRole.Operator) },
        ];
    }

    /// <summary>The role a key carries; <see cref="AccessRole.None"/> for an unknown or empty one.</summary>
    public AccessRole RoleOf(string? given)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(given ?? ""));
        var role = AccessRole.None;
        foreach (var (expected, keyRole) in _keys)
        {
            // Both are 32 bytes whatever was sent; no branch on the comparison's outcome but the max.
            var match = CryptographicOperations.FixedTimeEquals(digest, expected);
            role = match && keyRole > role ? keyRole : role;
        }

        return string.IsNullOrEmpty(given) ? AccessRole.None : role;
    }

    /// <summary>The form to put in the configuration instead of the key itself.</summary>
    public static string Hash(string key) => HashPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>A plain key of at least <see cref="MinimumKeyLength"/> characters, or <c>sha256:</c> and 64 hex digits.</summary>
    public static bool IsWellFormed(string? key) =>
        key is not null && (key.StartsWith(HashPrefix, StringComparison.Ordinal)
            ? key.Length == HashPrefix.Length + 64 && key.Skip(HashPrefix.Length).All(Uri.IsHexDigit)
            : key.Length >= MinimumKeyLength && !key.Any(char.IsWhiteSpace));

    private static byte[] Digest(string key) =>
        key.StartsWith(HashPrefix, StringComparison.Ordinal) ? Convert.FromHexString(key.AsSpan(HashPrefix.Length)) : SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
