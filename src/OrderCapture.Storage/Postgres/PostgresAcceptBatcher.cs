using System.Threading.Channels;
using OrderCapture.Core.Inventory.Pace;
using OrderCapture.Core.Orders;

namespace OrderCapture.Storage.Postgres;

/// <summary>One order waiting to be accepted, and where its decision goes once it is durable.</summary>
internal sealed record AcceptRequest(Order Order, Core.Places.HoldPlan Plan, OutboxMessage? OfflineReport, AttemptLease? Attempt, OfflineHeadroomOptions? Headroom, CancellationToken CancellationToken)
{
    public TaskCompletionSource<AcceptDecision> Decision { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
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
    // Unbounded underneath; the bound is a count, checked before an order is queued.
    private readonly Channel<AcceptRequest> _queue = Channel.CreateUnbounded<AcceptRequest>();
    private readonly int _maxQueued;
    private int _queued;
    private readonly Func<IReadOnlyList<AcceptRequest>, Task<IReadOnlyList<AcceptDecision>>> _acceptAll;
    private readonly int _maxBatch;
    private readonly Task[] _loops;

    // maxQueued: orders waiting at most; one more is refused as busy at once, not queued in memory.
    public PostgresAcceptBatcher(Func<IReadOnlyList<AcceptRequest>, Task<IReadOnlyList<AcceptDecision>>> acceptAll, int maxBatch, int writers, int maxQueued)
    {
        _maxQueued = maxQueued;
        _acceptAll = acceptAll;
        _maxBatch = maxBatch;
        _loops = [.. Enumerable.Range(0, writers).Select(_ => Task.Run(RunAsync))];
    }

    public Task<AcceptDecision> AcceptAsync(AcceptRequest request)
    {
        if (Interlocked.Increment(ref _queued) > _maxQueued)
        {
            Interlocked.Decrement(ref _queued);
            throw new Core.Storage.StoreBusyException();
        }

        if (!_queue.Writer.TryWrite(request))
        {
            Interlocked.Decrement(ref _queued);
            throw new ObjectDisposedException(nameof(PostgresAcceptBatcher));
        }

        return request.Decision.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<AcceptRequest>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var next))
            {
                Interlocked.Decrement(ref _queued);
                if (next.CancellationToken.IsCancellationRequested)
                {
                    next.Decision.TrySetCanceled(next.CancellationToken);
                    continue;
                }

                batch.Add(next);
            }

            if (batch.Count > 0)
            {
                await AcceptBatchAsync(batch).ConfigureAwait(false);
            }
        }
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
        _queue.Writer.TryComplete();
        await Task.WhenAll(_loops).ConfigureAwait(false);
    }
}
