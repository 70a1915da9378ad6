namespace OrderCapture.Core.Storage;

/// <summary>
/// Work only one instance of a cluster may do at a time (writing the availability cache, merging
/// daily files). On PostgreSQL a session advisory lock, which the database releases if the
/// holder dies; on SQLite one process owns the file (the lock file), so a lock in the process is
/// the whole cluster's.
/// </summary>
public interface IClusterLock
{
    /// <summary>The lock, held until the handle is disposed; null when another instance holds it now.</summary>
    Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken cancellationToken);
}

/// <summary>Names of the cluster-wide locks, in one place.</summary>
public static class ClusterLocks
{
    /// <summary>Writing the availability cache: rebuilds and delta polls.</summary>
    public const string CacheWriter = "ordercapture:cache-writer";

    /// <summary>Folding work files into daily files, however the merge was started.</summary>
    public const string Merge = "ordercapture:merge";

    /// <summary>Waits for the lock, looking again every <paramref name="poll"/>; for work that must happen, only not twice at once.</summary>
    public static async Task<IAsyncDisposable> AcquireAsync(this IClusterLock locks, string name, TimeSpan poll, TimeProvider time, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await locks.TryAcquireAsync(name, cancellationToken).ConfigureAwait(false) is { } held)
            {
                return held;
            }

            await Task.Delay(poll, time, cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>
/// The in-process lock: the cluster of a SQLite store is one process. Locks are shared by every
/// instance with the same <paramref name="scope"/> (the database file), so two stores opened on one
/// file in one process (a test, a verb next to a hosted store) still exclude each other.
/// </summary>
public sealed class ProcessClusterLock(string scope = "") : IClusterLock
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Scope, string Name), SemaphoreSlim> Locks = new();

    public async Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken cancellationToken)
    {
        var gate = Locks.GetOrAdd((scope, name), _ => new SemaphoreSlim(1, 1));
        return await gate.WaitAsync(TimeSpan.Zero, cancellationToken).ConfigureAwait(false) ? new Release(gate) : null;
    }

    private sealed class Release(SemaphoreSlim gate) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }

            return ValueTask.CompletedTask;
        }
    }
}
