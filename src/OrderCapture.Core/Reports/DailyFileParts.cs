using System.Text;
using System.Text.Json;
using OrderCapture.Core.Reports.Share;

namespace OrderCapture.Core.Reports;

/// <summary>
/// A daily file and its continuations: <c>{yyyyMMdd}_{kind}_{site}.json</c>, then <c>…_2.json</c>,
/// <c>…_3.json</c> once a part would pass <see cref="ImpexOptions.MaxFileBytes"/>. An order, once in
/// a part, stays in that part: new orders go to the last part or a new one, so a crash between two
/// part writes never leaves an order in neither. Each part lists its orders by time, then order number.
/// </summary>
public sealed class DailyFileParts(string site, string date, ReportKind kind, long maxFileBytes)
{
    private readonly List<List<(WorkFileDocument Document, string Json)>> _parts = [];
    private readonly List<long> _sizes = []; // each part's size in bytes as it would be written
    private readonly HashSet<string> _orderNos = new(StringComparer.Ordinal);
    private readonly HashSet<int> _changed = [];

    /// <summary>The name of part <paramref name="part"/> (1-based) of a daily file.</summary>
    public static string Name(string site, string date, ReportKind kind, int part) =>
        part == 1 ? $"{date}_{WorkFiles.Prefix(kind)}_{site}.json" : $"{date}_{WorkFiles.Prefix(kind)}_{site}_{part}.json";

    public int Count => _orderNos.Count;

    /// <summary>Takes the orders of part <paramref name="part"/> as read from the share (an order already seen stays where it was first seen).</summary>
    public void AddExisting(int part, IEnumerable<WorkFileDocument> orders)
    {
        while (_parts.Count < part)
        {
            NewPart();
        }

        foreach (var order in orders.Where(o => _orderNos.Add(o.OrderNo)))
        {
            Place(part, order, Render(order));
        }
    }

    /// <summary>Adds an order not in any part yet (to the last part, or a new one when it would grow past the limit); false when it is there already.</summary>
    public bool AddNew(WorkFileDocument order)
    {
        if (!_orderNos.Add(order.OrderNo))
        {
            return false;
        }

        var json = Render(order);
        if (_parts.Count == 0 || (_parts[^1].Count > 0 && _sizes[^1] + Separator + Indented(json) > maxFileBytes))
        {
            NewPart();
        }

        Place(_parts.Count, order, json);
        _changed.Add(_parts.Count);
        return true;
    }

    private void NewPart()
    {
        _parts.Add([]);
        _sizes.Add(Encoding.UTF8.GetByteCount(Header(site, date, WorkFiles.Prefix(kind))) + Around);
    }

    private void Place(int part, WorkFileDocument order, string json)
    {
        _sizes[part - 1] += Indented(json) + (_parts[part - 1].Count > 0 ? Separator : 0);
        _parts[part - 1].Add((order, json));
    }

    /// <summary>The parts that gained orders, with their content, to be written.</summary>
    public IReadOnlyList<(string Name, string Content)> Changed() =>
        [.. _changed.Order().Select(part => (Name(site, date, kind, part), Content(_parts[part - 1])))];

    private const int Separator = 2; // ",\n" between two orders
    private const int Around = 7; // "\n" after the header, "\n  ]\n}" at the end

    private string Content(List<(WorkFileDocument Document, string Json)> part) => Content(site, date, WorkFiles.Prefix(kind),
        part.OrderBy(o => kind == ReportKind.Offline ? o.Document.CapturedAt : o.Document.ReconciledAt ?? o.Document.CapturedAt)
            .ThenBy(o => o.Document.OrderNo, StringComparer.Ordinal).Select(o => o.Json));

    /// <summary>
    /// The same text <see cref="ReportJsonContext"/> writes for a <see cref="DailyFile"/>, assembled
    /// from each order's own JSON so that a part's size is known before it is written.
    /// </summary>
    private static string Content(string site, string date, string kind, IEnumerable<string> orders)
    {
        var text = new StringBuilder(Header(site, date, kind));
        var first = true;
        foreach (var order in orders)
        {
            text.Append(first ? "\n" : ",\n").Append("    ").Append(order.Replace("\n", "\n    ", StringComparison.Ordinal));
            first = false;
        }

        return text.Append(first ? "]\n}" : "\n  ]\n}").ToString();
    }

    private static string Header(string site, string date, string kind) =>
        $"{{\n  \"site\": {Quote(site)},\n  \"date\": {Quote(date)},\n  \"kind\": {Quote(kind)},\n  \"orders\": [";

    private static string Quote(string value) => JsonSerializer.Serialize(value, ReportJsonContext.Default.String);

    private static string Render(WorkFileDocument order) =>
        JsonSerializer.Serialize(order, ReportJsonContext.Default.WorkFileDocument).ReplaceLineEndings("\n");

    /// <summary>Bytes of one order inside a part: its JSON with every line indented by four more spaces.</summary>
    private static int Indented(string json) => Encoding.UTF8.GetByteCount(json) + 4 + (4 * json.AsSpan().Count('\n'));
}
