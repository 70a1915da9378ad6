using OrderCapture.Core.Orders;
using Polly;
using Polly.Retry;

namespace OrderCapture.Core.Capture;

/// <summary>
/// Re-reading an order until another request's work on it settles, as one Polly strategy: every
/// <see cref="Interval"/>, and never past a budget (the storefront is waiting for the answer).
/// </summary>
internal static class OrderPolling
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// <paramref name="order"/> as it is once <paramref name="unsettled"/> no longer holds or
    /// <paramref name="budget"/> has passed; null when the order disappeared meanwhile.
    /// </summary>
    public static async Task<Order?> UntilSettledAsync(Order order, Func<CancellationToken, Task<Order?>> read, Func<Order, bool> unsettled,
        TimeSpan budget, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (!unsettled(order))
        {
            return order;
        }

        var deadline = timeProvider.GetUtcNow() + budget;
        var pipeline = new ResiliencePipelineBuilder<Order?> { TimeProvider = timeProvider, Name = "order-settles" }
            .AddRetry(new RetryStrategyOptions<Order?>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { } current && unsettled(current) && timeProvider.GetUtcNow() + Interval < deadline),
                MaxRetryAttempts = Math.Max(1, (int)Math.Ceiling(budget / Interval)),
                Delay = Interval,
                BackoffType = DelayBackoffType.Constant,
                UseJitter = false,
            })
            .Build();
        await Task.Delay(Interval, timeProvider, cancellationToken).ConfigureAwait(false); // the first read already said "unsettled"
        return await pipeline.ExecuteAsync(async ct => await read(ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }
}
