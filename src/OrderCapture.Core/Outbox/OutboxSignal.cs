using OrderCapture.Core.Storage;

namespace OrderCapture.Core.Outbox;

/// <summary>
/// The outbox's two delivery lanes: work files to the IMPEX share, and everything else (pushes to
/// Order Management and the alert webhook, cancels at OCI). They run apart so a share that hangs or
/// fails holds up only the files.
/// </summary>
public enum OutboxLane
{
    WorkFiles,
    Pushes,
}

/// <summary>Wakes the outbox dispatcher's lanes when a commit has put new messages in the outbox.</summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim[] _lanes = [new(0, 1), new(0, 1)];

    /// <summary>
    /// Wakes only the lanes that deliver <paramref name="messages"/>: a lane woken for nothing still
    /// asks the store what is due, one more transaction per commit.
    /// </summary>
    public void Notify(IEnumerable<OutboxMessage> messages)
    {
        foreach (var message in messages)
        {
            Notify(message.Lane);
        }
    }

    /// <summary>Wakes one lane.</summary>
    public void Notify(OutboxLane lane)
    {
        var waiting = _lanes[(int)lane];
        if (waiting.CurrentCount == 0)
        {
            try
            {
                waiting.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another commit woke it first; one wake-up covers both.
            }
        }
    }

    /// <summary>Waits for a signal or the timeout, whichever comes first; true when signalled.</summary>
    public Task<bool> WaitAsync(OutboxLane lane, TimeSpan timeout, CancellationToken cancellationToken) =>
        _lanes[(int)lane].WaitAsync(timeout, cancellationToken);

    public void Dispose()
    {
        foreach (var lane in _lanes)
        {
            lane.Dispose();
        }
    }
}
