using OrderCapture.Core.Oci;
using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;

namespace OrderCapture.Core.Reconciliation;

/// <summary>What the reservations export says of one order's document.</summary>
public abstract record LookupResult
{
    private LookupResult()
    {
    }

    public sealed record Found(ReservationDocument Document) : LookupResult;

    /// <summary>The export (open and closed documents since the order's capture) does not list it.</summary>
    public sealed record NotFound : LookupResult;

    /// <summary>The export could not be read (OCI down, rate limited, refused): the order stays queued.</summary>
    public sealed record Unavailable(string Reason) : LookupResult;
}

/// <summary>
/// Reads an order's reservation document when OCI answers a PUT on its own id with 409 EntityExists
/// (OCI-CONTRACT.md, "Replay is not promised": the spec has no read of one document, and never says a
/// repeated PUT answers the first result). Look-ups that come within <see cref="BatchWindow"/> of each
/// other share one pair of exports (open and closed documents since the oldest capture), so a
/// brown-out's many lost answers cost a few exports, not one each.
/// </summary>
public sealed class ReservationLookup(IOciClient oci, TimeProvider timeProvider)
{
    /// <summary>How long a look-up waits for others to join its exports.</summary>
    public static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(200);

    private readonly Lock _sync = new();
    private List<(Order Order, TaskCompletionSource<LookupResult> Answer)> _pending = [];

    public Task<LookupResult> FindAsync(Order order, CancellationToken cancellationToken)
    {
        var answer = new TaskCompletionSource<LookupResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool first;
        lock (_sync)
        {
            _pending.Add((order, answer));
            first = _pending.Count == 1;
        }

        if (first)
        {
            // Not the caller's token: the batch answers others too. Each caller stops waiting on its own.
            _ = RunBatchAsync();
        }

        return answer.Task.WaitAsync(cancellationToken);
    }

    private async Task RunBatchAsync()
    {
        await Task.Delay(BatchWindow, timeProvider).ConfigureAwait(false);
        List<(Order Order, TaskCompletionSource<LookupResult> Answer)> batch;
        lock (_sync)
        {
            (batch, _pending) = (_pending, []);
        }

        try
        {
            Answer(batch, await ExportAsync(batch.Select(b => b.Order).ToList()).ConfigureAwait(false));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Every waiter hears of it; none is left hanging.
            foreach (var (_, answer) in batch)
            {
                answer.TrySetException(e);
            }
        }
    }

    private async Task<Func<Order, LookupResult>> ExportAsync(IReadOnlyList<Order> orders)
    {
        var wanted = orders.Select(o => o.ReservationId).ToHashSet(StringComparer.Ordinal);
        var found = new Dictionary<string, ReservationDocument>(StringComparer.Ordinal);
        // A minute before the oldest capture: a document's reservation time is OCI's clock, not ours.
        var from = orders.Min(o => o.CapturedAt) - TimeSpan.FromMinutes(1);
        foreach (var state in new[] { ReservationDocumentState.Open, ReservationDocumentState.Closed })
        {
            var result = await oci.ExportReservationsAsync(new ReservationExportQuery(state, from), (documents, _) =>
            {
                foreach (var document in documents.Where(d => wanted.Contains(d.ReservationId)))
                {
                    found[document.ReservationId] = document;
                }

                return ValueTask.CompletedTask;
            }, progress: null, CancellationToken.None).ConfigureAwait(false);
            if (result is not OciResult<ReservationExportResult>.Success)
            {
                return _ => new LookupResult.Unavailable($"the reservations export could not be read ({result})");
            }
        }

        return order => found.TryGetValue(order.ReservationId, out var document) ? new LookupResult.Found(document) : new LookupResult.NotFound();
    }

    private static void Answer(List<(Order Order, TaskCompletionSource<LookupResult> Answer)> batch, Func<Order, LookupResult> result)
    {
        foreach (var (order, answer) in batch)
        {
            answer.TrySetResult(result(order));
        }
    }
}
