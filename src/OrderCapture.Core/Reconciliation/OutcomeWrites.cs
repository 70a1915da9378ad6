namespace OrderCapture.Core.Reconciliation;

/// <summary>
/// Outcomes still being committed after OCI answered their PUT. An order's turn, and with it the
/// stock a later order waits for (invariant 11), ends with OCI's answer: what decides who gets the
/// stock is the order the PUTs reach OCI in, not the order the outcomes reach the store in. So the
/// next PUT goes out while the outcome joins the store's group commit, and a store that commits
/// more outcomes at once makes fewer disk flushes per order. Bounded
/// (<see cref="ReconciliationOptions.MaxCommittingOutcomes"/>): a slow store holds up the PUTs
/// instead of queueing outcomes without end, and on PostgreSQL each write holds a connection. The
/// writes take the run's token, not a batch's stop: an outcome OCI answered is written even when an
/// outage stops the run.
/// </summary>
internal sealed class OutcomeWrites(int maxInFlight, CancellationToken runToken) : IDisposable
{
    private readonly SemaphoreSlim _room = new(maxInFlight, maxInFlight);
    private readonly List<Task> _writes = [];

    /// <summary>
    /// Starts <paramref name="write"/> once fewer than the bound are in flight; does not wait for it.
    /// The wait for room, too, ends only with the run: a batch's stop must not drop an answered outcome.
    /// </summary>
    public async Task StartAsync(Func<CancellationToken, Task> write)
    {
        await _room.WaitAsync(runToken).ConfigureAwait(false);
        var running = RunAsync(write);
        lock (_writes)
        {
            _writes.Add(running);
        }
    }

    /// <summary>Waits for every write started so far; throws what the first failed write threw.</summary>
    public async Task DrainAsync()
    {
        Task[] writes;
        lock (_writes)
        {
            writes = [.. _writes];
            _writes.Clear();
        }

        await Task.WhenAll(writes).ConfigureAwait(false);
    }

    private async Task RunAsync(Func<CancellationToken, Task> write)
    {
        try
        {
            await write(runToken).ConfigureAwait(false);
        }
        finally
        {
            _room.Release();
        }
    }

    public void Dispose() => _room.Dispose();
}
