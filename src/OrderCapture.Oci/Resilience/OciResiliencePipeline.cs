using System.Net;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace OrderCapture.Oci;

/// <summary>
/// Builds the pipeline every OCI request goes through: retry (idempotent requests only, 429
/// honoured with Retry-After) around a circuit breaker around a per-attempt timeout.
/// </summary>
public static class OciResiliencePipeline
{
    /// <summary>Set on a request's resilience context when repeating it cannot do harm.</summary>
    public static readonly ResiliencePropertyKey<bool> Idempotent = new("OrderCapture.Oci.Idempotent");

    public static ResiliencePipeline<HttpResponseMessage> Build(OciResilienceOptions options, OciCircuit circuit, TimeProvider timeProvider, Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory = null)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider, Name = "oci" };
        if (loggerFactory is not null)
        {
            // Polly's telemetry: a log line and a metric (meter "Polly") per retry, timeout and breaker event.
            builder.ConfigureTelemetry(loggerFactory);
        }

        builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = Math.Max(1, options.MaxRetryAttempts),
            Delay = options.RetryBaseDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldHandle = args => ValueTask.FromResult(
                options.MaxRetryAttempts > 0 && ShouldRetry(args.Context, args.Outcome, options.MaxRetryAfter)),
            DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
        });
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            FailureRatio = options.BreakerFailureRatio,
            MinimumThroughput = options.BreakerMinimumThroughput,
            SamplingDuration = options.BreakerSamplingDuration,
            BreakDuration = options.BreakerBreakDuration,
            StateProvider = circuit.StateProvider,
            ShouldHandle = args => ValueTask.FromResult(IsOutage(args.Outcome)),
            OnOpened = _ =>
            {
                circuit.RaiseOpenChanged(true);
                return ValueTask.CompletedTask;
            },
            OnClosed = _ =>
            {
                circuit.RaiseOpenChanged(false);
                return ValueTask.CompletedTask;
            },
        });
        builder.AddTimeout(options.AttemptTimeout);
        return builder.Build();
    }

    /// <summary>The contract's outage definition applied to one attempt: transport failure, timeout or 5xx.</summary>
    public static bool IsOutage(Outcome<HttpResponseMessage> outcome) => outcome.Exception switch
    {
        HttpRequestException or TimeoutRejectedException or IOException => true,
        OperationCanceledException => false,
        not null => false,
        null => (int)outcome.Result!.StatusCode >= 500,
    };

    private static bool ShouldRetry(ResilienceContext context, Outcome<HttpResponseMessage> outcome, TimeSpan maxRetryAfter)
    {
        if (outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } limited)
        {
            // Load shedding is safe to wait out for any request: nothing was done.
            return (RetryAfter(limited) ?? TimeSpan.Zero) <= maxRetryAfter;
        }

        if (outcome.Exception is BrokenCircuitException)
        {
            return false;
        }

        return context.Properties.GetValue(Idempotent, false) && IsOutage(outcome);
    }

    internal static TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        if (response is not { StatusCode: HttpStatusCode.TooManyRequests })
        {
            return null;
        }

        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        // The contract sends seconds; an HTTP-date or a missing header gets a one-second pause.
        return TimeSpan.FromSeconds(1);
    }
}
