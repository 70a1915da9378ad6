using Polly;
using Polly.Retry;

namespace OrderCapture.Core.Oci;

/// <summary>
/// Waiting out OCI's rate limit above the client's own retries, as one Polly strategy instead of a
/// loop per caller: <c>Retry-After</c> honoured but each wait capped, at most so many waits, and
/// none that would end past the caller's deadline (a reconciliation claim must outlast its PUT).
/// What is still rate-limited after that comes back as it is, for the caller to treat as an outage.
/// </summary>
public static class RateLimitWaits
{
    /// <param name="waits">How many times a 429 is waited out before it is handed back.</param>
    /// <param name="longestWait">The cap on one wait, whatever <c>Retry-After</c> asks.</param>
    /// <param name="timeProvider">The clock the waits and the deadline are read on.</param>
    /// <param name="deadline">No wait that would end after this (null: none).</param>
    public static ResiliencePipeline<OciResult<T>> Pipeline<T>(int waits, TimeSpan longestWait, TimeProvider timeProvider, Func<DateTimeOffset?>? deadline = null) =>
        new ResiliencePipelineBuilder<OciResult<T>> { TimeProvider = timeProvider, Name = "oci-rate-limit" }
            .AddRetry(new RetryStrategyOptions<OciResult<T>>
            {
                MaxRetryAttempts = waits,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is OciResult<T>.RateLimited limited
                    && !(deadline?.Invoke() is { } end && timeProvider.GetUtcNow() + Capped(limited.RetryAfter, longestWait) >= end)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(args.Outcome.Result is OciResult<T>.RateLimited limited ? Capped(limited.RetryAfter, longestWait) : TimeSpan.Zero),
                UseJitter = false,
            })
            .Build();

    private static TimeSpan Capped(TimeSpan retryAfter, TimeSpan cap) => retryAfter < TimeSpan.Zero ? TimeSpan.Zero : retryAfter < cap ? retryAfter : cap;
}
