using System.Text.RegularExpressions;

namespace OrderCapture.Core.Orders;

/// <summary>
/// Allow-lists for everything from input that reaches a file name, a log template or SQL
/// (invariant 7). Nothing outside these patterns is accepted.
/// </summary>
public static partial class Names
{
    /// <summary>What a caller is told when a site id or order number is refused.</summary>
    public const string NameRule = "1–64 characters of A–Z, a–z, 0–9, '_' or '-'";

    /// <summary>Site ids: 1–64 of [A-Za-z0-9_-].</summary>
    public static bool IsValidSite(string? value) => value is not null && SitePattern().IsMatch(value);

    /// <summary>Order numbers: 1–64 of [A-Za-z0-9_-].</summary>
    public static bool IsValidOrderNo(string? value) => value is not null && OrderNoPattern().IsMatch(value);

    /// <summary>OCI group/location ids: 2–128 of [A-Za-z0-9_-].</summary>
    public static bool IsValidInventoryListId(string? value) => value is not null && PlaceIdPattern().IsMatch(value);

    /// <summary>OCI SKUs: 1–250 characters, none of \ &lt; &gt; ; % / or whitespace, no control characters.</summary>
    public static bool IsValidSku(string? value) => value is { Length: >= 1 and <= 250 } && !SkuForbidden().IsMatch(value);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex SitePattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex OrderNoPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{2,128}$")]
    private static partial Regex PlaceIdPattern();

    [GeneratedRegex(@"[\\<>;%/\s\p{Cc}]")]
    private static partial Regex SkuForbidden();
}
