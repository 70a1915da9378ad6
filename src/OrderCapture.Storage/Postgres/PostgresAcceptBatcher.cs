using OrderCapture.Core.Inventory.Pace;
using OrderCapture.Core.Orders;

namespace OrderCapture.Storage.Postgres;

/// <summary>One order waiting to be accepted, and where its decision goes once it is durable.</summary>
internal sealed record AcceptRequest(Order Order, Core.Places.HoldPlan Plan, OutboxMessage? OfflineReport, AttemptLease? Attempt, OfflineHeadroomOptions? Headroom, CancellationToken CancellationToken)
    : IQueuedWrite
{
    public TaskCompletionSource<AcceptDecision> Decision { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Cancelled() => Decision.TrySetCanceled(CancellationToken);
}

/// <summary>
/// Group commit for capture on PostgreSQL, as <see cref="Sqlite.SqliteWriter"/> does for SQLite:
/// orders that arrive together are accepted in one transaction (one lock statement, one look, one
/// insert batch, one commit for all of them) by a few loops per instance. A decision is handed
/// out only after COMMIT. When a batch fails for any reason but a cancellation, each of its orders
/// is tried again alone, so one order cannot fail its neighbours; what fails alone is its caller's to see.
/// </summary>
internal sealed class PostgresAcceptBatcher : IAsyncDisposable
{
    private readonly GroupCommitQueue<AcceptRequest> _queue;
    private readonly Func<IReadOnlyList<AcceptRequest>, Task<IReadOnlyList<AcceptDecision>>> _acceptAll;
    private readonly Task[] _loops;

    // maxQueued: orders waiting at most; one more is refused as busy at once, not queued in memory.
    public PostgresAcceptBatcher(Func<IReadOnlyList<AcceptRequest>, Task<IReadOnlyList<AcceptDecision>>> acceptAll, int maxBatch, int writers, int maxQueued)
    {
        _acceptAll = acceptAll;
        _queue = new GroupCommitQueue<AcceptRequest>(maxBatch, maxQueued, singleReader: writers == 1);
        _loops = [.. Enumerable.Range(0, writers).Select(_ => Task.Run(() => _queue.RunAsync(AcceptBatchAsync)))];
    }

    public Task<AcceptDecision> AcceptAsync(AcceptRequest request)
    {
        _queue.Enqueue(request);
        return request.Decision.Task;
    }

    private async Task AcceptBatchAsync(List<AcceptRequest> batch)
    {
        try
        {
            var decisions = await _acceptAll(batch).ConfigureAwait(false);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Decision.TrySetResult(decisions[i]);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            if (batch.Count == 1)
            {
                batch[0].Decision.TrySetException(ex);
                return;
            }

            // Nothing of the batch was committed: each order again on its own.
            foreach (var request in batch)
            {
                await AcceptBatchAsync([request]).ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Complete();
        await Task.WhenAll(_loops).ConfigureAwait(false);
    }
}
