using System.Text.RegularExpressions;

namespace OrderCapture.Core.Orders;

/// <summary>
/// Allow-lists for everything from input that reaches a file name, a log template or SQL
/// (invariant 7). Nothing outside these patterns is accepted. Anchored with <c>\A</c> and <c>\z</c>:
/// <c>$</c> also matches before a final newline, which would let "NL-1\n" through as a second order.
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

    [GeneratedRegex(SitePatternText)]
    private static partial Regex SitePattern();

    [GeneratedRegex(SitePatternText)]
    private static partial Regex OrderNoPattern();

    [GeneratedRegex(PlaceIdPatternText)]
    private static partial Regex PlaceIdPattern();

    /// <summary>The pattern for site ids and order numbers, for options attributes that must agree with <see cref="IsValidSite"/>.</summary>
    public const string SitePatternText = @"\A[A-Za-z0-9_-]{1,64}\z";

    /// <summary>The pattern for OCI group and location ids.</summary>
    public const string PlaceIdPatternText = @"\A[A-Za-z0-9_-]{2,128}\z";

    [GeneratedRegex(@"[\\<>;%/\s\p{Cc}]")]
    private static partial Regex SkuForbidden();
}
