using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using OrderCapture.Core.Capture;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Storage;

namespace OrderCapture.Worker.Api;

internal static partial class OrderEndpoints
{
    // Web defaults would read "1" as a number; an order's numbers must be numbers.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict };

    [LoggerMessage(Level = LogLevel.Error, Message = "Order {Site}/{OrderNo} refused: the order store is unavailable")]
    private static partial void LogStoreUnavailable(ILogger logger, Exception error, string? site, string? orderNo);

    /// <summary>The order document of a request, or the 400 that says why there is none.</summary>
    private static async Task<(OrderSubmission? Submission, IResult? Error)> ReadSubmissionAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<OrderSubmission>(request.Body, Json, ct).ConfigureAwait(false) is { } submission
                ? (submission, null)
                : (null, Problems.BadRequest("malformed_json", ["the body is empty"]));
        }
        catch (JsonException ex)
        {
            return (null, Problems.BadRequest("malformed_json", [$"the body is not a valid order document: {ex.Message}"]));
        }
        catch (BadHttpRequestException ex)
        {
            return (null, Problems.BadRequest("body_too_large", [$"the body exceeds {ApiLimits.MaxBodyBytes} bytes ({ex.StatusCode})"]));
        }
    }

    public static void MapOrders(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/orders", async (HttpRequest request, OrderCaptureService capture, ILoggerFactory logs, CancellationToken ct) =>
        {
            var (submission, unreadable) = await ReadSubmissionAsync(request, ct).ConfigureAwait(false);
            if (submission is null)
            {
                return unreadable!;
            }

            CaptureResult result;
            try
            {
                // Not the request's token: once accepted the attempt is the service's (invariant 9).
                result = await capture.CaptureAsync(submission).ConfigureAwait(false);
            }
            catch (StoreBusyException)
            {
                // A flood beyond the write queue: nothing was taken; the storefront retries with the same number.
                return Results.Problem(statusCode: 503, title: "The service is busy; the order was not taken. Retry it shortly.",
                    extensions: new Dictionary<string, object?> { ["error"] = "busy" });
            }
            catch (System.Data.Common.DbException ex)
            {
                // The store could not make the order durable, so it is not taken: say so plainly
                // and let the storefront retry (the order number makes a retry safe).
                LogStoreUnavailable(logs.CreateLogger("OrderCapture.Worker.Api.Orders"), ex, submission.Site, submission.OrderNo);
                return Results.Problem(statusCode: 503, title: "The order store is unavailable; the order was not taken. Retry it.",
                    extensions: new Dictionary<string, object?> { ["error"] = "store_unavailable" });
            }

            return result switch
            {
                CaptureResult.Accepted { Order: var o, Created: true } => Results.Json(new OrderAccepted(o.OrderNo, o.Site, o.Status.ToString()), Json, statusCode: 201),
                CaptureResult.Accepted { Order: var o } => Results.Json(new OrderAccepted(o.OrderNo, o.Site, PublicStatus(o.Status)), Json, statusCode: 200),
                CaptureResult.Invalid { Error: var error, Details: var details } => Problems.BadRequest(error, details),
                CaptureResult.Insufficient { Lines: var lines } => Results.Problem(
                    statusCode: 409,
                    title: "Not enough inventory",
                    extensions: new Dictionary<string, object?>
                    {
                        ["error"] = "insufficient_inventory",
                        ["lines"] = lines.Select(l => new { sku = l.Sku, inventoryListId = l.InventoryListId, requested = l.Requested, available = l.Available }).ToList(),
                    }),
                CaptureResult.Cancelled { Order: var o } => Results.Problem(
                    statusCode: 409,
                    title: "This order number was cancelled; it is not taken again",
                    extensions: new Dictionary<string, object?> { ["error"] = "order_cancelled", ["reason"] = o.Cancellation?.Reason }),
                CaptureResult.Busy { Reason: var reason } => Busy(reason),
                var other => throw new InvalidOperationException($"Unmapped capture result {other}"),
            };
        })
            .RequireAuthorization(Security.AccessPolicies.Storefront)
            .WithName("CaptureOrder").WithSummary("Take an order: reserved online, or accepted offline against the cached ATO")
            .Accepts<OrderSubmission>("application/json")
            .Produces<OrderAccepted>(201).Produces<OrderAccepted>(200)
            .ProducesProblem(400).ProducesProblem(409).ProducesProblem(503);

        // The same parsing and validation as a capture, and nothing else: no store, no cache, no OCI.
        // A storefront may check an order before it places it; the capture benchmark measures
        // against it what HTTP and JSON alone cost (its "floor").
        app.MapPost("/api/orders/validate", async (HttpRequest request, OrderValidator validator, Core.Places.LocationGraphSource places, TimeProvider time, CancellationToken ct) =>
        {
            var (submission, unreadable) = await ReadSubmissionAsync(request, ct).ConfigureAwait(false);
            if (submission is null)
            {
                return unreadable!;
            }

            var (order, errors) = validator.Validate(submission, time.GetUtcNow(), await places.GetAsync(ct).ConfigureAwait(false), out var code);
            return order is null ? Problems.BadRequest(code, errors) : Results.Json(new OrderValidated(order.OrderNo, order.Site, order.Lines.Count), Json);
        })
            .RequireAuthorization(Security.AccessPolicies.Storefront)
            .WithName("ValidateOrder").WithSummary("Check an order as a capture would, and take nothing: no hold, no reservation, no report")
            .Accepts<OrderSubmission>("application/json")
            .Produces<OrderValidated>(200).ProducesProblem(400);

        app.MapPost("/api/orders/{site}/{orderNo}/cancel", async (string site, string orderNo, HttpRequest request, OrderCancellationService cancels, CancellationToken ct) =>
        {
            CancelBody? body;
            try
            {
                body = await JsonSerializer.DeserializeAsync<CancelBody>(request.Body, Json, ct).ConfigureAwait(false);
            }
            catch (JsonException ex)
            {
                return Problems.BadRequest("malformed_json", [$"the body is not a valid cancel document: {ex.Message}"]);
            }

            return await cancels.CancelAsync(site, orderNo, body?.Reason, body?.Note, waitForOci: true, ct).ConfigureAwait(false) switch
            {
                OrderActionResult.Done { Order: var o } => Results.Json(
                    new CancelAnswer(o.OrderNo, o.Site, o.Status.ToString(), o.Cancellation!.Reason, CancellationView.OciCancelText(o.Cancellation.OciCancel)), Json),
                OrderActionResult.Invalid { Error: var error, Detail: var detail } => Problems.BadRequest(error, [detail]),
                OrderActionResult.NotFound => Results.Problem(statusCode: 404, title: "No such order"),
                OrderActionResult.Refused { Order: var o, Why: var why } => Results.Problem(statusCode: 409, title: "The order cannot be cancelled", detail: why,
                    extensions: new Dictionary<string, object?> { ["error"] = "not_cancellable", ["status"] = o.Status.ToString() }),
                var other => throw new InvalidOperationException($"Unmapped cancel result {other}"),
            };
        })
            .RequireAuthorization(Security.AccessPolicies.Storefront)
            .WithName("CancelOrder").WithSummary("Cancel an order: its holds are released, its OCI document cancelled")
            .Accepts<CancelBody>("application/json")
            .Produces<CancelAnswer>(200).ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);

        app.MapPost("/api/orders/{site}/{orderNo}/resolve", async (string site, string orderNo, HttpRequest request, Core.Reconciliation.ReviewResolutionService resolutions, CancellationToken ct) =>
        {
            ResolveBody? body;
            try
            {
                body = await JsonSerializer.DeserializeAsync<ResolveBody>(request.Body, Json, ct).ConfigureAwait(false);
            }
            catch (JsonException ex)
            {
                return Problems.BadRequest("malformed_json", [$"the body is not a valid resolve document: {ex.Message}"]);
            }

            return await resolutions.ResolveAsync(site, orderNo, body?.Outcome, body?.Note, ct).ConfigureAwait(false) switch
            {
                OrderActionResult.Done { Order: var o } => Results.Json(OrderView.From(o), Json),
                OrderActionResult.Invalid { Error: var error, Detail: var detail } => Problems.BadRequest(error, [detail]),
                OrderActionResult.NotFound => Results.Problem(statusCode: 404, title: "No such order"),
                OrderActionResult.Refused { Order: var o, Why: var why } => Results.Problem(statusCode: 409, title: "The order cannot be resolved", detail: why,
                    extensions: new Dictionary<string, object?> { ["error"] = "not_needs_review", ["status"] = o.Status.ToString() }),
                var other => throw new InvalidOperationException($"Unmapped resolve result {other}"),
            };
        })
            .WithName("ResolveOrder").WithSummary("An operator's decision on a NeedsReview order: CompletelyReserved, NothingReserved or Cancelled")
            .Accepts<ResolveBody>("application/json")
            .Produces<OrderView>(200).ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);

        app.MapGet("/api/orders/{site}/{orderNo}", async (string site, string orderNo, IOrderQueries store, CancellationToken ct) =>
        {
            if (!Names.IsValidSite(site) || !Names.IsValidOrderNo(orderNo))
            {
                return Problems.BadRequest("invalid_name", [$"site and orderNo must be {Names.NameRule}"]);
            }

            return await store.GetOrderAsync(site, orderNo, ct).ConfigureAwait(false) is { } order
                ? Results.Json(OrderView.From(order), Json)
                : Results.Problem(statusCode: 404, title: "No such order");
        })
            .RequireAuthorization(Security.AccessPolicies.Storefront)
            .WithName("GetOrder").WithSummary("One order with its lines, path, attempts and cancellation")
            .Produces<OrderView>(200).ProducesProblem(400).ProducesProblem(404);

        app.MapGet("/api/orders", async ([FromQuery] string? status, [FromQuery] string? site, [FromQuery] int? limit, IOrderQueries store, CancellationToken ct) =>
        {
            OrderStatus? parsed = null;
            if (status is not null)
            {
                if (!Enum.TryParse<OrderStatus>(status, ignoreCase: true, out var s) || !Enum.IsDefined(s))
                {
                    return Problems.BadRequest("invalid_status", [$"status must be one of {string.Join(", ", Enum.GetNames<OrderStatus>())}"]);
                }

                parsed = s;
            }

            if (site is not null && !Names.IsValidSite(site))
            {
                return Problems.BadRequest("invalid_name", [$"site must be {Names.NameRule}"]);
            }

            var orders = await store.ListOrdersAsync(parsed, site, Math.Clamp(limit ?? 1000, 1, 10_000), ct).ConfigureAwait(false);
            return Results.Json(orders.Select(OrderView.From).ToList(), Json);
        })
            .WithName("ListOrders").WithSummary("Orders, oldest first")
            .Produces<List<OrderView>>(200).ProducesProblem(400);
    }

    /// <summary>503: the storefront retries with the same order number (DESIGN.md, the storefront's side).</summary>
    private static IResult Busy(string reason) => Results.Problem(statusCode: 503, title: reason,
        extensions: new Dictionary<string, object?> { ["error"] = "retry" });

    /// <summary>An order still in flight online is, to a caller, not yet reserved.</summary>
    private static string PublicStatus(OrderStatus status) => status == OrderStatus.Reserving ? nameof(OrderStatus.ReservationMissing) : status.ToString();
}

internal static class Problems
{
    public static IResult BadRequest(string error, IReadOnlyList<string> details) => Results.Problem(
        statusCode: 400,
        title: "Invalid request",
        detail: string.Join("; ", details),
        extensions: new Dictionary<string, object?> { ["error"] = error, ["errors"] = details });
}
