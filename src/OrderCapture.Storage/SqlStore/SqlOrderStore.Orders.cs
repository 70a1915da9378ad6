using OrderCapture.Core.Orders;
using static OrderCapture.Storage.Quantities;

namespace OrderCapture.Storage;

/// <summary>Orders after their accept (which each dialect does its own way), and every read of them.</summary>
public abstract partial class SqlOrderStore
{
    public Task<bool> CompleteOnlineAsync(string site, string orderNo, DateTimeOffset confirmedAt, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            var moved = await ExecuteAsync(c, tx, OrdersSql.CompleteOnline, ("@s", site), ("@o", orderNo)).ConfigureAwait(false) == 1;
            if (moved)
            {
                await ExecuteAsync(c, tx, OrdersSql.ReplaceHolds, ("@at", ToUnixMs(confirmedAt)), ("@s", site), ("@o", orderNo)).ConfigureAwait(false);
            }

            return moved;
        }, cancellationToken);

    public async Task<bool> FallBackOfflineAsync(string site, string orderNo, OutboxMessage offlineReport, CancellationToken cancellationToken)
    {
        var moved = await WriteAsync(async (c, tx) =>
        {
            if (await ExecuteAsync(c, tx, OrdersSql.FallBackOffline, ("@s", site), ("@o", orderNo)).ConfigureAwait(false) == 0)
            {
                return false;
            }

            await InsertOutboxAsync(c, tx, offlineReport, TimeProvider.GetUtcNow()).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        if (moved)
        {
            OutboxSignal.Notify(offlineReport.Lane);
        }

        return moved;
    }

    public async Task DiscardReservingAsync(string site, string orderNo, OutboxMessage? cancelAtOci, CancellationToken cancellationToken)
    {
        var discarded = await WriteAsync(async (c, tx) =>
        {
            if (await ExecuteAsync(c, tx, OrdersSql.DeleteReserving, ("@s", site), ("@o", orderNo)).ConfigureAwait(false) == 0)
            {
                return false;
            }

            await ExecuteAsync(c, tx, OrdersSql.DeleteLines, ("@s", site), ("@o", orderNo)).ConfigureAwait(false);
            await ExecuteAsync(c, tx, OrdersSql.DeleteHolds, ("@s", site), ("@o", orderNo)).ConfigureAwait(false);
            if (cancelAtOci is not null)
            {
                await InsertOutboxAsync(c, tx, cancelAtOci, TimeProvider.GetUtcNow()).ConfigureAwait(false);
            }

            return true;
        }, cancellationToken).ConfigureAwait(false);
        if (discarded && cancelAtOci is not null)
        {
            OutboxSignal.Notify(cancelAtOci.Lane);
        }
    }

    public Task<IReadOnlyList<Order>> ListStrandedAttemptsAsync(DateTimeOffset now, bool includeLive, int max, CancellationToken cancellationToken) =>
        ReadOrdersAsync(OrdersSql.StrandedAttempts, cancellationToken, ("@all", includeLive), ("@now", ToUnixMs(now)), ("@n", max));

    public Task<Order?> GetOrderAsync(string site, string orderNo, CancellationToken cancellationToken) =>
        ReadAsync(c => ReadOrderAsync(c, null, site, orderNo), cancellationToken);

    public Task<IReadOnlyList<Order>> ListOrdersAsync(OrderStatus? status, string? site, int limit, CancellationToken cancellationToken) =>
        ReadOrdersAsync(OrdersSql.List, cancellationToken, ("@st", status?.ToString()), ("@s", site), ("@n", limit));

    public Task<IReadOnlyList<Order>> ListOrdersPageAsync(DateTimeOffset since, OrderCursor? after, int max, CancellationToken cancellationToken) =>
        ReadOrdersAsync(OrdersSql.Page, cancellationToken, ("@since", ToUnixMs(since)), ("@at", after is null ? long.MinValue : ToUnixMs(after.CapturedAt)),
            ("@s", after?.Site ?? ""), ("@o", after?.OrderNo ?? ""), ("@n", max));

    public Task<IReadOnlyList<OrderExcerpt>> ListNewestAsync(OrderStatus status, int limit, int linesPerOrder, bool shortLinesOnly, CancellationToken cancellationToken) =>
        ReadAsync(async c =>
        {
            var heads = await QueryAsync(c, null, OrdersSql.Newest, StoreRows.OrderHead, ("@st", status.ToString()), ("@n", limit)).ConfigureAwait(false);
            var lines = linesPerOrder > 0 && heads.Count > 0
                ? await QueryAsync(c, null, OrdersSql.NewestLines, r => (r.String("site"), r.String("order_no"), StoreRows.OrderLine(r)),
                    ("@st", status.ToString()), ("@n", limit), ("@k", linesPerOrder + 1), ("@short", shortLinesOnly ? 1 : 0)).ConfigureAwait(false)
                : [];
            return StoreRows.Excerpts(heads, lines, linesPerOrder);
        }, cancellationToken);

    public Task<long> CountAsync(OrderStatus status, CancellationToken cancellationToken) =>
        ReadAsync(c => ScalarAsync(c, null, OrdersSql.CountInStatus, ("@st", status.ToString())), cancellationToken);

    public Task<IReadOnlyDictionary<OrderStatus, long>> CountByStatusAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyDictionary<OrderStatus, long>>(async c =>
        {
            var counts = Enum.GetValues<OrderStatus>().ToDictionary(s => s, _ => 0L);
            foreach (var (status, orders) in await QueryAsync(c, null, OrdersSql.CountByStatus, r => (r.Enum<OrderStatus>("status"), r.Int64("orders"))).ConfigureAwait(false))
            {
                counts[status] = orders;
            }

            return counts;
        }, cancellationToken);

    public Task<ConsistencyFacts> GetConsistencyFactsAsync(CancellationToken cancellationToken) =>
        ReadAsync(async c => StoreRows.ConsistencyFacts(
            await QueryAsync(c, null, OrdersSql.QueuedWithHold, StoreRows.OrderKey).ConfigureAwait(false),
            await QueryAsync(c, null, OrdersSql.OrphanHolds, StoreRows.OrderKey).ConfigureAwait(false),
            await QueryAsync(c, null, OrdersSql.PendingWorkFiles, StoreRows.PendingWorkFile).ConfigureAwait(false)), cancellationToken);

    /// <summary>The orders whose keys (site, order_no) <paramref name="sql"/> selects, in its order.</summary>
    private Task<IReadOnlyList<Order>> ReadOrdersAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        ReadAsync(async c => await ReadOrdersAsync(c, null, await QueryAsync(c, null, sql, StoreRows.OrderKey, parameters).ConfigureAwait(false)).ConfigureAwait(false), cancellationToken);
}
