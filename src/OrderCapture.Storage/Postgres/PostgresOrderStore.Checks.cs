namespace OrderCapture.Storage.Postgres;

public sealed partial class PostgresOrderStore
{
    public Task<ConsistencyFacts> GetConsistencyFactsAsync(CancellationToken cancellationToken) =>
        ReadAsync(async c =>
        {
            var queuedWithHold = new HashSet<(string, string)>();
            await foreach (var (site, orderNo, _) in RowsAsync(
                """
                SELECT DISTINCT o.site, o.order_no, '' AS target FROM orders o JOIN holds h ON h.site = o.site AND h.order_no = o.order_no
                WHERE o.status = 'ReservationMissing' AND h.counting AND h.replaced_at IS NULL
                """).ConfigureAwait(false))
            {
                queuedWithHold.Add((site, orderNo));
            }

            var orphans = new List<(string, string)>();
            await foreach (var (site, orderNo, _) in RowsAsync(
                "SELECT DISTINCT h.site, h.order_no, '' AS target FROM holds h WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.site = h.site AND o.order_no = h.order_no)").ConfigureAwait(false))
            {
                orphans.Add((site, orderNo));
            }

            var pending = new HashSet<(Core.Reports.ReportKind, string, string)>();
            await foreach (var (site, orderNo, target) in RowsAsync("SELECT site, order_no, target FROM outbox WHERE done_at IS NULL AND kind = 'work_file'").ConfigureAwait(false))
            {
                if (Core.Reports.WorkFiles.KindOf(Path.GetFileName(target)) is { } kind)
                {
                    pending.Add((kind, site, orderNo));
                }
            }

            return new ConsistencyFacts(queuedWithHold, orphans, pending);

            async IAsyncEnumerable<(string, string, string)> RowsAsync(string sql)
            {
                await using var query = Command(c, null, sql);
                await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    yield return (reader.String("site"), reader.String("order_no"), reader.String("target"));
                }
            }
        }, cancellationToken);
}
