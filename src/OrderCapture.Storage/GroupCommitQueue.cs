using System.Threading.Channels;

namespace OrderCapture.Storage;

/// <summary>A write waiting in a <see cref="GroupCommitQueue{T}"/>.</summary>
internal interface IQueuedWrite
{
    /// <summary>The caller's token: a write whose caller gave up before its batch is not run.</summary>
    CancellationToken CancellationToken { get; }

    /// <summary>Tells the caller the write was not run because it cancelled.</summary>
    void Cancelled();
}

/// <summary>
/// The queue in front of both stores' group commit (SQLite's single writer, PostgreSQL's accept
/// loops): writes queue up, and each loop takes whatever is waiting, up to a batch, to commit as
/// one. The queue is bounded by a count: a flood beyond it is told "busy" at once
/// (<see cref="StoreBusyException"/>) instead of growing memory.
/// </summary>
internal sealed class GroupCommitQueue<T>(int maxBatch, int maxQueued, bool singleReader)
    where T : class, IQueuedWrite
{
    // Unbounded underneath (lock-free with one reader); the bound is the count, checked before a write is queued.
    private readonly Channel<T> _queue = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = singleReader });
    private int _queued;

    /// <summary>Queues <paramref name="write"/>, or refuses it as busy (the queue is full) or disposed.</summary>
    public void Enqueue(T write)
    {
        if (Interlocked.Increment(ref _queued) > maxQueued)
        {
            Interlocked.Decrement(ref _queued);
            throw new StoreBusyException();
        }

        if (!_queue.Writer.TryWrite(write))
        {
            Interlocked.Decrement(ref _queued);
            throw new ObjectDisposedException(GetType().Name);
        }
    }

    /// <summary>One loop: hands <paramref name="commit"/> each batch, until <see cref="Complete"/> and the queue is drained.</summary>
    public async Task RunAsync(Func<List<T>, Task> commit)
    {
        var batch = new List<T>(maxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < maxBatch && _queue.Reader.TryRead(out var next))
            {
                Interlocked.Decrement(ref _queued);
                if (next.CancellationToken.IsCancellationRequested)
                {
                    next.Cancelled();
                    continue;
                }

                batch.Add(next);
            }

            if (batch.Count > 0)
            {
                await commit(batch).ConfigureAwait(false);
            }
        }
    }

    /// <summary>No more writes; the loops end once they have committed what is queued.</summary>
    public void Complete() => _queue.Writer.TryComplete();
}
