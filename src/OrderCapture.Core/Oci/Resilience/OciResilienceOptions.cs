using System.ComponentModel.DataAnnotations;

namespace OrderCapture.Core.Oci;

/// <summary>Timeout, retry and circuit breaker around every OCI call. Section <c>Oci:Resilience</c>.</summary>
public sealed class OciResilienceOptions
{
    /// <summary>Timeout of one attempt. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries of an idempotent call after a transient fault or a 429. Default 3.</summary>
    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>Base of the jittered exponential back-off between retries. Default 200 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>A 429's Retry-After longer than this is not waited out inside the call; the caller gets RateLimited. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Share of failed calls within <see cref="BreakerSamplingDuration"/> that opens the circuit. Default 0.5.</summary>
    [Range(0.01, 1.0)]
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Calls needed in the sampling window before the ratio counts. Default 4.</summary>
    [Range(2, 10_000)]
    public int BreakerMinimumThroughput { get; set; } = 4;

    /// <summary>Window the failure ratio is measured over. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an open circuit fails calls at once before letting one through. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(5);
}
