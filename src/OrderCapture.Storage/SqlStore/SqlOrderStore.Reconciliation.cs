using System.Data.Common;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Reconciliation;
using static OrderCapture.Storage.Quantities;

namespace OrderCapture.Storage;

public abstract partial class SqlOrderStore
{
    /// <summary>The dialect's name for a bytewise collation (how <see cref="FirstComeFirstServed.ClaimKey"/> sorts names).</summary>
    private protected abstract string BytewiseCollation { get; }

    /// <summary>
    /// What a claim appends to its candidates' SELECT. PostgreSQL: <c>FOR UPDATE SKIP LOCKED</c>, so
    /// instances claiming at once take different orders instead of waiting on each other.
    /// </summary>
    private protected virtual string SkipLockedRows => "";

    public Task<IReadOnlyList<Order>> ClaimReconciliationBatchAsync(string owner, int max, DateTimeOffset now, DateTimeOffset leaseUntil, string? site, Core.Places.PlaceScope? scope, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            // A crashed claimer's orders come back when their lease ends. What another claim skipped is
            // older than its candidates, so it is among the orders they must not overtake.
            var candidateKeys = await QueryAsync(c, tx, ReconciliationSql.ClaimCandidates(BytewiseCollation) + SkipLockedRows, StoreRows.OrderKey,
                ("@now", ToUnixMs(now)), ("@s", site), ("@n", max)).ConfigureAwait(false);
            var candidates = await ReadOrdersAsync(c, tx, candidateKeys).ConfigureAwait(false);
            if (candidates.Count == 0)
            {
                return candidates;
            }

            var queued = await QueryAsync(c, tx, ReconciliationSql.QueuedUpTo, StoreRows.Queued,
                ("@last", ToUnixMs(candidates[^1].CapturedAt)), ("@now", ToUnixMs(now)), ("@s", site)).ConfigureAwait(false);
            var orders = FirstComeFirstServed.Claimable(candidates, await ReadOrdersAsync(c, tx, StoreRows.OutOfReach(queued, candidates)).ConfigureAwait(false), scope);
            await ClaimAsync(c, tx, owner, leaseUntil, orders).ConfigureAwait(false);
            return orders;
        }, cancellationToken);

    /// <summary>Marks <paramref name="orders"/> as taken by <paramref name="owner"/> until <paramref name="leaseUntil"/>: one statement for all of them.</summary>
    private async Task ClaimAsync(DbConnection c, DbTransaction tx, string owner, DateTimeOffset leaseUntil, IReadOnlyList<Order> orders)
    {
        if (orders.Count == 0)
        {
            return;
        }

        var (keys, byKeys) = KeysRelation([.. orders.Select(o => (o.Site, o.OrderNo))]);
        await ExecuteAsync(c, tx, ReconciliationSql.Claim(keys), [("@w", owner), ("@until", ToUnixMs(leaseUntil)), .. byKeys]).ConfigureAwait(false);
    }

    public async Task<bool> CompleteReconciliationAsync(ReconciledOrder outcome, CancellationToken cancellationToken)
    {
        var written = await ClassifyAsync(outcome, cancellationToken).ConfigureAwait(false);
        if (written)
        {
            OutboxSignal.Notify(outcome.Messages);
        }

        return written;
    }

    /// <summary>
    /// Forward only: an order that already left Reservation Missing is never classified again,
    /// whichever run got there first. Lines, holds and outbox rows follow only if it moved, in the same
    /// commit; the holds' replaced_at is the store's clock at the write (<see cref="NowAsync"/>).
    /// </summary>
    private protected virtual Task<bool> ClassifyAsync(ReconciledOrder outcome, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            if (await ExecuteAsync(c, tx, ReconciliationSql.Classify, ("@st", outcome.Outcome.ToString()), ("@at", ToUnixMs(outcome.ReconciledAt)),
                ("@s", outcome.Site), ("@o", outcome.OrderNo), ("@from", outcome.From.ToString())).ConfigureAwait(false) == 0)
            {
                return false;
            }

            for (var i = 0; i < outcome.ReservedPerLine.Count; i++)
            {
                await ExecuteAsync(c, tx, ReconciliationSql.LineReserved,
                    ("@r", outcome.ReservedPerLine[i] is { } r ? ToMilli(r) : null), ("@s", outcome.Site), ("@o", outcome.OrderNo), ("@n", i)).ConfigureAwait(false);
            }

            if (outcome.HoldsReplaced)
            {
                var replacedAt = await NowAsync(CancellationToken.None).ConfigureAwait(false);
                await ExecuteAsync(c, tx, OrdersSql.ReplaceHolds, ("@at", ToUnixMs(replacedAt)), ("@s", outcome.Site), ("@o", outcome.OrderNo)).ConfigureAwait(false);
            }

            foreach (var message in outcome.Messages)
            {
                await InsertOutboxAsync(c, tx, message, outcome.ReconciledAt).ConfigureAwait(false);
            }

            return true;
        }, cancellationToken);

    public Task RecordStillOfflineAsync(string site, string orderNo, DateTimeOffset mayLandUntil, CancellationToken cancellationToken) =>
        WriteAsync((c, tx) => ExecuteAsync(c, tx, ReconciliationSql.RecordStillOffline, ("@s", site), ("@o", orderNo), ("@until", ToUnixMs(mayLandUntil))), cancellationToken);

    public Task ReleaseClaimsAsync(string owner, DateTimeOffset mayLandUntil, CancellationToken cancellationToken) =>
        WriteAsync((c, tx) => ExecuteAsync(c, tx, ReconciliationSql.ReleaseClaims, ("@w", owner), ("@until", ToUnixMs(mayLandUntil))), cancellationToken);
}
