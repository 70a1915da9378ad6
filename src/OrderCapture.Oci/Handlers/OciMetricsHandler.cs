using System.Diagnostics;
using OrderCapture.Core.Telemetry;

namespace OrderCapture.Oci.Handlers;

/// <summary>
/// Counts every call to OCI by operation and final status (after the pipeline's retries), and puts
/// the operation and the Correlation-ID on a span and on every log line written during the call, so
/// a call can be found at OCI from the worker's traces and logs. Sits outside the resilience handler;
/// each attempt also gets its own span from the HttpClient instrumentation.
/// </summary>
public sealed class OciMetricsHandler(OrderCaptureMetrics metrics, Microsoft.Extensions.Logging.ILogger<OciMetricsHandler> logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var operation = Operation(request);
        using var activity = OrderCaptureMetrics.ActivitySource.StartActivity($"OCI {operation}", ActivityKind.Client);
        var correlationId = request.Headers.TryGetValues(CorrelationIdHandler.HeaderName, out var ids) ? ids.FirstOrDefault() : null;
        activity?.SetTag("oci.correlation_id", correlationId);

        // Every log line written during the call (Polly's retry, timeout and breaker events too) carries the Correlation-ID.
        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["OciOperation"] = operation, ["CorrelationId"] = correlationId });

        activity?.SetTag("oci.operation", operation);
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            metrics.OciCall(operation, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
            activity?.SetTag("http.response.status_code", (int)response.StatusCode);
            return response;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException)
        {
            metrics.OciCall(operation, ex switch
            {
                Polly.CircuitBreaker.BrokenCircuitException => "circuit_open",
                OperationCanceledException or Polly.Timeout.TimeoutRejectedException => "timeout",
                _ => "error",
            });
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
    }

    /// <summary>A short name for the contract operation a request path belongs to.</summary>
    public static string Operation(HttpRequestMessage request)
    {
        var path = request.RequestUri?.AbsolutePath ?? "";
        return path switch
        {
            _ when path.EndsWith("/oauth2/access_token", StringComparison.Ordinal) => "token",
            _ when path.Contains("/reservation-documents/", StringComparison.Ordinal) => request.Method == HttpMethod.Patch ? "cancel_reservation" : "create_reservation",
            _ when path.EndsWith("/releases", StringComparison.Ordinal) => "release",
            _ when path.EndsWith("/get-availability", StringComparison.Ordinal) => "get_availability",
            _ when path.EndsWith("/get-deltas", StringComparison.Ordinal) => "get_deltas",
            _ when path.Contains("/reservations/exports", StringComparison.Ordinal) => "reservations_export",
            _ when path.Contains("/exports", StringComparison.Ordinal) => "export",
            _ => "other",
        };
    }
}
