namespace OrderCapture.Storage.Sqlite;

public sealed partial class SqliteOrderStore
{
    public Task<ConsistencyFacts> GetConsistencyFactsAsync(CancellationToken cancellationToken) =>
        ReadAsync(c =>
        {
            var queuedWithHold = new HashSet<(string, string)>();
            using (var query = Command(c, null,
                """
                SELECT DISTINCT o.site, o.order_no FROM orders o JOIN holds h ON h.site = o.site AND h.order_no = o.order_no
                WHERE o.status = 'ReservationMissing' AND h.counting = 1 AND h.replaced_at IS NULL
                """))
            using (var reader = query.ExecuteReader())
            {
                while (reader.Read())
                {
                    queuedWithHold.Add(StoreRows.OrderKey(reader));
                }
            }

            var orphans = new List<(string, string)>();
            using (var query = Command(c, null,
                "SELECT DISTINCT h.site, h.order_no FROM holds h WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.site = h.site AND o.order_no = h.order_no)"))
            using (var reader = query.ExecuteReader())
            {
                while (reader.Read())
                {
                    orphans.Add(StoreRows.OrderKey(reader));
                }
            }

            var pending = new HashSet<(Core.Reports.ReportKind, string, string)>();
            using (var query = Command(c, null, "SELECT target, site, order_no FROM outbox WHERE done_at IS NULL AND kind = 'work_file'"))
            using (var reader = query.ExecuteReader())
            {
                while (reader.Read())
                {
                    if (Core.Reports.WorkFiles.KindOf(Path.GetFileName(reader.String("target"))) is { } kind)
                    {
                        pending.Add((kind, reader.String("site"), reader.String("order_no")));
                    }
                }
            }

            return new ConsistencyFacts(queuedWithHold, orphans, pending);
        }, cancellationToken);
}
