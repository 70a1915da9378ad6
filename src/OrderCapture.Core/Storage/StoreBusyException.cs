using System.Data.Common;

namespace OrderCapture.Core.Storage;

/// <summary>
/// The store's write queue is full (<see cref="StorageOptions.MaxQueuedWrites"/>): the write was not
/// taken, nothing changed, and the caller may try again shortly. A capture answers <c>503 busy</c>.
/// A <see cref="DbException"/>, so every caller that already treats the store as briefly
/// unavailable handles it the same way.
/// </summary>
public sealed class StoreBusyException : DbException
{
    public StoreBusyException()
        : base("The store's write queue is full; nothing was written. Retry shortly.")
    {
    }

    public StoreBusyException(string message)
        : base(message)
    {
    }

    public StoreBusyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>A store error is transient when it is this: the same write may succeed in a moment.</summary>
    public override bool IsTransient => true;
}
