using System.Globalization;
using System.Text.Json;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Sites;
using OrderCapture.Core.Storage;

namespace OrderCapture.Core.Reports;

/// <summary>The three kinds of work file and their daily merges.</summary>
public enum ReportKind
{
    Offline,
    Reserved,
    Oversold,
}

/// <summary>
/// Builds work-file outbox messages: the name per DESIGN.md (time in the site's zone) and the
/// document, snapshotted at the moment of the transaction that produced it.
/// </summary>
public sealed partial class WorkFiles(SiteCatalog sites)
{
    public const string WorkFolder = Share.ImpexPath.Work;

    public static string Prefix(ReportKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>The kind a work file's name starts with (<c>offline_</c>, <c>reserved_</c>, <c>oversold_</c>), or null.</summary>
    public static ReportKind? KindOf(string fileName) =>
        Enum.GetValues<ReportKind>().Cast<ReportKind?>().FirstOrDefault(k => fileName.StartsWith(Prefix(k!.Value) + "_", StringComparison.Ordinal));

    /// <summary><c>work/{kind}_{site}_{yyyyMMdd}_{HHmmss}_{orderNo}.json</c>, relative to the reports folder.</summary>
    public string RelativePath(ReportKind kind, string site, string orderNo, DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, sites.TimeZoneOf(site));
        return $"{WorkFolder}/{Prefix(kind)}_{site}_{local.ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture)}_{orderNo}.json";
    }

    /// <summary>The offline work file of an order, named by its capture time.</summary>
    public OutboxMessage Offline(Order order) =>
        Message(ReportKind.Offline, order, order.CapturedAt, Document(order));

    public OutboxMessage Message(ReportKind kind, Order order, DateTimeOffset at, WorkFileDocument document) => new(
        OutboxMessage.WorkFile,
        order.Site,
        order.OrderNo,
        RelativePath(kind, order.Site, order.OrderNo, at),
        JsonSerializer.Serialize(document, ReportJsonContext.Default.WorkFileDocument));

    public static WorkFileDocument Document(Order order, string? outcome = null) => new()
    {
        OrderNo = order.OrderNo,
        Site = order.Site,
        CapturedAt = order.CapturedAt,
        ReconciledAt = order.ReconciledAt,
        Outcome = outcome,
        ReservationId = order.ReservationId,
        Attempts = order.Attempts,
        Lines = [.. order.Lines.Select(l => new WorkFileLine { Sku = l.Sku, InventoryListId = l.InventoryListId, Quantity = l.Quantity, ReservedQuantity = l.ReservedQuantity })],
    };

    /// <summary>The date in a daily file's name (<c>{yyyyMMdd}_{kind}_{site}.json</c>); null for any other file.</summary>
    public static DateOnly? DailyFileDate(string fileName) =>
        DailyFileName().Match(fileName) is { Success: true } name
        && DateOnly.TryParseExact(name.Groups[1].Value, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;

    /// <summary>
    /// Reads a daily file's name, a continuation's (<c>…_{site}_2.json</c>) too. Site ids may contain
    /// '_' and end in digits: a name that is a configured site whole is that site's first part.
    /// Null for any other file.
    /// </summary>
    public static (string Site, string Date, ReportKind Kind, int Part)? ParseDailyFile(string fileName, IEnumerable<string> siteIds)
    {
        if (DailyFileName().Match(fileName) is not { Success: true } name || DailyFileDate(fileName) is null)
        {
            return null;
        }

        var kind = Enum.Parse<ReportKind>(name.Groups[2].Value, ignoreCase: true);
        var rest = name.Groups[3].Value;
        var known = siteIds as IReadOnlySet<string> ?? siteIds.ToHashSet(StringComparer.Ordinal);
        if (known.Contains(rest))
        {
            return (rest, name.Groups[1].Value, kind, 1);
        }

        var cut = rest.LastIndexOf('_');
        return cut > 0 && int.TryParse(rest.AsSpan(cut + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var part) && part >= 2 && known.Contains(rest[..cut])
            ? (rest[..cut], name.Groups[1].Value, kind, part)
            : null;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(\d{8})_(offline|reserved|oversold)_(.+)\.json$")]
    private static partial System.Text.RegularExpressions.Regex DailyFileName();
}
