using System.Text.Json;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Reports;
using OrderCapture.Core.Reports.Share;
using OrderCapture.Core.Storage;

namespace OrderCapture.Core.Checks;

/// <summary>One inconsistency, stable enough for scripts: a kind, the order it is about, and words for people.</summary>
public sealed record Finding(string Kind, string Site, string OrderNo, string Detail)
{
    public override string ToString() => $"{Kind}\t{Site}\t{OrderNo}\t{Detail}";
}

/// <summary>
/// What operators run after an incident: every classified order has its report entry, every
/// queued order has an open hold and an offline report, no hold lacks its order, and no order
/// appears in two daily files of one kind. A report still waiting in the outbox counts as
/// written (it is on its way, durably).
/// </summary>
/// <remarks>
/// Orders are read page by page (<see cref="OrderPages"/>), so the check's memory does not grow with
/// the store. With <c>since</c>, only orders captured from then on are checked, against the daily
/// files dated from the day before (a site's time zone may put an order on the previous day).
/// </remarks>
public sealed class ConsistencyChecker(IOrderQueries store, IImpexShare impex)
{
    public Task<IReadOnlyList<Finding>> CheckAsync(CancellationToken cancellationToken) => CheckAsync(since: null, cancellationToken);

    public async Task<IReadOnlyList<Finding>> CheckAsync(DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var facts = await store.GetConsistencyFactsAsync(cancellationToken).ConfigureAwait(false);
        var reports = await ReadReportsAsync(since is { } from ? DateOnly.FromDateTime(from.UtcDateTime).AddDays(-1) : null, cancellationToken).ConfigureAwait(false);
        bool Reported(ReportKind kind, Order o) =>
            reports.Contains((kind, o.Site, o.OrderNo)) || facts.PendingReports.Contains((kind, o.Site, o.OrderNo));

        var findings = new List<Finding>();
        await foreach (var order in store.StreamOrdersAsync(since ?? DateTimeOffset.MinValue, cancellationToken).ConfigureAwait(false))
        {
            switch (order.Status)
            {
                case OrderStatus.CompletelyReserved when !Reported(ReportKind.Reserved, order):
                    findings.Add(new Finding("missing_reserved_report", order.Site, order.OrderNo, "completely reserved, but in no reserved_ work or daily file"));
                    break;
                case OrderStatus.PartiallyReserved or OrderStatus.NothingReserved when !Reported(ReportKind.Oversold, order):
                    findings.Add(new Finding("missing_oversold_report", order.Site, order.OrderNo, $"{order.Status}, but in no oversold_ work or daily file"));
                    break;
                case OrderStatus.Cancelled when order.ReconciledAt is null && (Reported(ReportKind.Reserved, order) || Reported(ReportKind.Oversold, order)):
                    findings.Add(new Finding("cancelled_order_reported", order.Site, order.OrderNo, "cancelled before reconciliation, but in a reserved_ or oversold_ report"));
                    break;
                case OrderStatus.ReservationMissing:
                    if (!Reported(ReportKind.Offline, order))
                    {
                        findings.Add(new Finding("missing_offline_report", order.Site, order.OrderNo, "queued, but in no offline_ work or daily file"));
                    }

                    if (!facts.QueuedWithOpenHold.Contains((order.Site, order.OrderNo)))
                    {
                        findings.Add(new Finding("queued_without_hold", order.Site, order.OrderNo, "queued, but no open hold keeps its stock"));
                    }

                    break;
            }
        }

        findings.AddRange(facts.HoldsWithoutOrder.Select(h => new Finding("hold_without_order", h.Site, h.OrderNo, "a hold whose order does not exist")));
        findings.AddRange(reports.Duplicates.Select(d => new Finding("order_in_two_daily_files", d.Site, d.OrderNo, $"in {d.Kind} daily files {string.Join(" and ", d.Files)}")));
        findings.AddRange(reports.Unreadable.Select(f => new Finding("unreadable_report", "", f, "a report file that is not valid JSON; the next merge quarantines it")));
        findings.AddRange((await impex.ListAsync(ImpexPath.Quarantine, cancellationToken).ConfigureAwait(false))
            .Select(f => new Finding("quarantined_report", "", f.Name, $"moved aside by a merge ({impex.Location}/{ImpexPath.Quarantine}/{f.Name}); its orders are in no daily file until repaired")));
        return findings;
    }

    private async Task<ReportIndex> ReadReportsAsync(DateOnly? datedFrom, CancellationToken cancellationToken)
    {
        var index = new ReportIndex();
        foreach (var file in await impex.ListAsync(ImpexPath.Work, cancellationToken).ConfigureAwait(false))
        {
            var doc = file.Name.EndsWith(".json", StringComparison.Ordinal)
                ? await ReadAsync(ImpexPath.Join(ImpexPath.Work, file.Name), ReportJsonContext.Default.WorkFileDocument, index, cancellationToken).ConfigureAwait(false)
                : null;
            if (doc is not null && WorkFiles.KindOf(file.Name) is { } kind)
            {
                index.Add(kind, doc.Site, doc.OrderNo, file: null);
            }
        }

        // Every part of a daily file is read: an order belongs in exactly one of them.
        foreach (var file in (await impex.ListAsync(ImpexPath.Reports, cancellationToken).ConfigureAwait(false))
            .Where(f => f.Name.EndsWith(".json", StringComparison.Ordinal) && (datedFrom is null || !IsDatedBefore(f.Name, datedFrom.Value))))
        {
            var daily = await ReadAsync(file.Name, ReportJsonContext.Default.DailyFile, index, cancellationToken).ConfigureAwait(false);
            if (daily is not null && Enum.TryParse<ReportKind>(daily.Kind, ignoreCase: true, out var kind))
            {
                foreach (var order in daily.Orders)
                {
                    index.Add(kind, order.Site, order.OrderNo, file.Name);
                }
            }
        }

        return index;
    }

    /// <summary>A daily file of a day before <paramref name="from"/>; files named otherwise are always read.</summary>
    private static bool IsDatedBefore(string name, DateOnly from) => WorkFiles.DailyFileDate(name) is { } date && date < from;

    /// <summary>A file that does not parse is a finding, not a crash of the check.</summary>
    private async Task<T?> ReadAsync<T>(string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, ReportIndex index, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            await using var stream = await impex.OpenReadAsync(path, cancellationToken).ConfigureAwait(false);
            return stream is null ? null : await JsonSerializer.DeserializeAsync(stream, type, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            index.Unreadable.Add(ImpexPath.Check(path).Name);
            return null;
        }
    }

    private sealed class ReportIndex
    {
        public List<string> Unreadable { get; } = [];

        private readonly HashSet<(ReportKind, string, string)> _seen = [];
        private readonly Dictionary<(ReportKind Kind, string Site, string OrderNo), List<string>> _dailyFiles = [];

        public IEnumerable<(string Kind, string Site, string OrderNo, List<string> Files)> Duplicates =>
            _dailyFiles.Where(kv => kv.Value.Count > 1).Select(kv => (WorkFiles.Prefix(kv.Key.Kind), kv.Key.Site, kv.Key.OrderNo, kv.Value));

        public bool Contains((ReportKind, string, string) key) => _seen.Contains(key);

        public void Add(ReportKind kind, string site, string orderNo, string? file)
        {
            _seen.Add((kind, site, orderNo));
            if (file is not null)
            {
                (_dailyFiles.TryGetValue((kind, site, orderNo), out var files) ? files : _dailyFiles[(kind, site, orderNo)] = []).Add(file);
            }
        }
    }
}
