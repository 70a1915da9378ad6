using OrderCapture.Core.Reconciliation;
using static OrderCapture.Storage.Quantities;

namespace OrderCapture.Storage.Postgres;

public sealed partial class PostgresOrderStore
{
    /// <summary>
    /// One statement, which is atomic on its own: lines, holds and outbox rows follow only if the order
    /// moved, and the holds are stamped with the server's clock as it runs. With no BEGIN and COMMIT
    /// around it and no clock read before it, an order's outcome costs one round trip instead of three.
    /// </summary>
    private protected override Task<bool> ClassifyAsync(ReconciledOrder outcome, CancellationToken cancellationToken) =>
        TransientRetry.ExecuteAsync(async ct =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            return await ScalarAsync(connection, null, ClassifySql, ClassifyValues(outcome)).ConfigureAwait(false) == 1;
        }, cancellationToken).AsTask();

    private const string ClassifySql =
        $"""
        WITH m AS ({ReconciliationSql.Classify} RETURNING 1),
        l AS (UPDATE order_lines ol SET reserved = t.r FROM m, unnest(@rs::bigint[]) WITH ORDINALITY AS t(r, n)
              WHERE ol.site = @s AND ol.order_no = @o AND ol.line_no = t.n - 1),
        h AS (UPDATE holds SET replaced_at = {ClockMs} FROM m WHERE @replace AND holds.site = @s AND holds.order_no = @o),
        b AS (INSERT INTO outbox(kind, site, order_no, target, payload, created_at, next_attempt_at)
              SELECT t.k, t.s, t.o, t.t, t.p, @at, @at FROM m, unnest(@bk::text[], @bs::text[], @bo::text[], @bt::text[], @bp::text[]) AS t(k, s, o, t, p))
        SELECT COUNT(*) FROM m
        """;

    private static (string Name, object? Value)[] ClassifyValues(ReconciledOrder outcome) =>
        [
            ("@st", outcome.Outcome.ToString()), ("@at", ToUnixMs(outcome.ReconciledAt)), ("@s", outcome.Site), ("@o", outcome.OrderNo), ("@from", outcome.From.ToString()),
            ("@rs", outcome.ReservedPerLine.Select(r => r is { } q ? ToMilli(q) : (long?)null).ToArray()), ("@replace", outcome.HoldsReplaced),
            ("@bk", outcome.Messages.Select(m => m.Kind).ToArray()), ("@bs", outcome.Messages.Select(m => m.Site).ToArray()),
            ("@bo", outcome.Messages.Select(m => m.OrderNo).ToArray()), ("@bt", outcome.Messages.Select(m => m.Target).ToArray()),
            ("@bp", outcome.Messages.Select(m => m.Payload).ToArray()),
        ];
}
