using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Outbox;

namespace OrderCapture.Core.Storage;

/// <summary>The outbox: work files, OCI cancels and pushes written with the state change that needs them, delivered after.</summary>
public interface IOutboxStore
{
    /// <summary>Up to <paramref name="max"/> messages of one lane due at <paramref name="now"/>, oldest first.</summary>
    Task<IReadOnlyList<OutboxItem>> DueOutboxAsync(OutboxLane lane, DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Marks delivered messages done, in one commit. The OCI cancels among them also settle their
    /// orders' OCI cancel once no other cancel of the document is left to deliver.
    /// </summary>
    Task CompleteOutboxAsync(IReadOnlyCollection<OutboxItem> delivered, DateTimeOffset doneAt, CancellationToken cancellationToken);

    Task RetryOutboxAsync(long id, DateTimeOffset nextAttemptAt, string lastError, CancellationToken cancellationToken);

    Task<long> PendingOutboxCountAsync(CancellationToken cancellationToken);

    /// <summary>Undelivered messages per kind, with the creation time of the oldest (health and metrics).</summary>
    Task<IReadOnlyList<OutboxBacklog>> OutboxBacklogAsync(CancellationToken cancellationToken);
}

/// <summary>A message to send after the transaction that produced it: a work file or an OMS push.</summary>
public sealed record OutboxMessage(string Kind, string Site, string OrderNo, string Target, string Payload)
{
    public const string WorkFile = "work_file";
    public const string OrderManagementPush = "oms_push";

    /// <summary>The lane that delivers it: work files apart from everything else.</summary>
    public OutboxLane Lane => Kind == WorkFile ? OutboxLane.WorkFiles : OutboxLane.Pushes;

    /// <summary>Cancel the reservation document <see cref="Target"/> at OCI (a refused online attempt's leftovers, a cancelled order).</summary>
    public const string OciCancel = "oci_cancel";

    /// <summary>
    /// A cancel of the order's document. <paramref name="safetyNet"/> marks the one due when an
    /// in-flight attempt's lease ends: it covers an attempt that died after its PUT landed, and the
    /// order's OCI cancel counts as done without waiting for it.
    /// </summary>
    public static OutboxMessage CancelAtOci(string site, string orderNo, bool safetyNet = false) =>
        new(OciCancel, site, orderNo, ReservationIds.For(site, orderNo), Payload: safetyNet ? SafetyNetPayload : "");

    /// <summary>Payload of a safety-net cancel (see <see cref="CancelAtOci"/>).</summary>
    public const string SafetyNetPayload = "after-lease";
}

public sealed record OutboxItem(long Id, OutboxMessage Message, int Attempts, DateTimeOffset CreatedAt);

/// <summary>What waits in the outbox for one kind of message.</summary>
public sealed record OutboxBacklog(string Kind, long Count, DateTimeOffset OldestCreatedAt);
