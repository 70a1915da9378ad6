using System.Net;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using OrderCapture.Core.Reports.Share;

namespace OrderCapture.Impex.WebDav;

/// <summary>
/// Every WebDAV request's pipeline: retries (exponential, jittered) after a lost connection, a
/// timeout or a 5xx other than 507, around a timeout per attempt. Each verb the share sends is
/// safe to repeat: a PUT and a DELETE are idempotent, MKCOL answers 405 the second time, and a
/// MOVE repeated after its answer was lost finds no source (404), which the share checks.
/// </summary>
public static class WebDavResilience
{
    public static ResiliencePipeline<HttpResponseMessage> Build(ImpexOptions options, TimeProvider timeProvider, Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider, Name = "impex-webdav" };
        if (loggerFactory is not null)
        {
            builder.ConfigureTelemetry(loggerFactory);
        }

        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = TimeSpan.FromMilliseconds(200),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: HttpRequestException or TimeoutRejectedException } => true,
                    { Result.StatusCode: HttpStatusCode.InsufficientStorage } => false, // full stays full for a while: the outbox's back-off waits
                    { Result: { } response } => (int)response.StatusCode >= 500,
                    _ => false,
                }),
            });
        }

        return builder.AddTimeout(options.RequestTimeout).Build();
    }
}
