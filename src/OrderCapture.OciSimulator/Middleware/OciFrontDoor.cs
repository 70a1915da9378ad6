using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrderCapture.OciSimulator.State;

namespace OrderCapture.OciSimulator.Middleware;

/// <summary>
/// What stands in front of every OCI endpoint: request counting, the injected fault, the rate
/// limit and the bearer-token check, in that order. The /_sim/ control API passes straight through.
/// </summary>
internal sealed class OciFrontDoor(RequestDelegate next, FaultController faults, TokenStore tokens, RequestStats stats, SimulatorOptions options, TimeProvider timeProvider)
{
    private const string MalformedBody = "{\"groups\":[{\"id\":\"trunc";

    /// <summary>What the rate-limit headers say when no limit is set.</summary>
    private const int UnlimitedPerMinute = 100_000;

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/_sim"))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var operation = context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? "unknown";
        if (!context.Request.Headers.ContainsKey("Correlation-ID"))
        {
            // Counted, not refused: the contract asks clients to send it, tests check that ours do.
            stats.Count("missingCorrelationId", 0);
        }

        try
        {
            await HandleAsync(context, operation == "token").ConfigureAwait(false);
        }
        finally
        {
            stats.Count(operation, context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted ? 0 : context.Response.StatusCode);
        }
    }

    private async Task HandleAsync(HttpContext context, bool isTokenCall)
    {
        var fault = faults.Take();
        switch (fault.Mode)
        {
            case FaultMode.Drop:
                context.Abort();
                return;
            case FaultMode.Error503:
                await WriteProblemAsync(context, 503, "ServiceUnavailable", "simulated outage").ConfigureAwait(false);
                return;
            case FaultMode.Hang:
                try
                {
                    await Task.Delay(options.MaxHang, timeProvider, context.RequestAborted).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // The client gave up, which is the point of the fault.
                }

                context.Abort();
                return;
            case FaultMode.Latency:
                await Task.Delay(fault.Latency, timeProvider, context.RequestAborted).ConfigureAwait(false);
                break;
            case FaultMode.Malformed:
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(MalformedBody, context.RequestAborted).ConfigureAwait(false);
                return;
            case FaultMode.Answer when !isTokenCall:
                context.Response.StatusCode = 200;
                context.Response.ContentType = fault.ContentType ?? "application/json";
                await context.Response.WriteAsync(fault.Body ?? "", context.RequestAborted).ConfigureAwait(false);
                return;
            case FaultMode.Drip when !isTokenCall:
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                await context.Response.StartAsync(context.RequestAborted).ConfigureAwait(false);
                foreach (var b in System.Text.Encoding.UTF8.GetBytes(fault.Body ?? "{\"groups\":[],\"locations\":[]}"))
                {
                    await Task.Delay(fault.Latency, timeProvider, context.RequestAborted).ConfigureAwait(false);
                    await context.Response.Body.WriteAsync(new[] { b }, context.RequestAborted).ConfigureAwait(false);
                    await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                }

                return;
        }

        if (isTokenCall)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        if (fault.Mode == FaultMode.LostAnswer)
        {
            // OCI acts on the request; its answer goes nowhere and the connection drops.
            context.Response.Body = Stream.Null;
            await next(context).ConfigureAwait(false);
            context.Abort();
            return;
        }

        // The spec marks every answer with the rate-limit headers; without a configured limit, a generous one.
        var (admitted, limit, remaining, resetAt) = faults.Admit();
        if (limit <= 0)
        {
            (limit, remaining, resetAt) = (UnlimitedPerMinute, UnlimitedPerMinute - 1, timeProvider.GetUtcNow().AddMinutes(1).ToUnixTimeSeconds());
        }

        context.Response.Headers["X-RateLimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["X-RateLimit-Reset"] = resetAt.ToString(CultureInfo.InvariantCulture);

        if (!admitted)
        {
            context.Response.Headers.RetryAfter = "1";
            await WriteProblemAsync(context, 429, "TooManyRequests", $"rate limit of {limit} requests per second exceeded").ConfigureAwait(false);
            return;
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || !tokens.IsValid(authorization["Bearer ".Length..].Trim(), out var scopes))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"oci\", error=\"invalid_token\"";
            // The gateway's 401 is plain JSON, not a problem document.
            context.Response.StatusCode = 401;
            await context.Response.WriteAsJsonAsync(new { type = "about:blank", title = "Unauthorized", detail = "missing, invalid or expired token" },
                SimulatorJson.Options, "application/json", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (SpecScopes.Required(context.Request) is { } scope && !scopes.Contains(scope))
        {
            // The gateway's own 403 (the impex spec's 403Error example), not an API problem body.
            context.Response.StatusCode = 403;
            await context.Response.WriteAsJsonAsync(new
            {
                timestamp = timeProvider.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
                status = 403,
                error = "Forbidden",
                message = $"the token lacks the scope {scope}",
                path = context.Request.Path.Value,
                type = "about:blank",
            }, SimulatorJson.Options, "application/json", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    private static Task WriteProblemAsync(HttpContext context, int status, string errorCode, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json";
        return context.Response.WriteAsJsonAsync(
            new { type = "about:blank", errorCode, message },
            SimulatorJson.Options,
            "application/problem+json",
            context.RequestAborted);
    }
}
