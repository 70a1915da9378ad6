using System.Globalization;
using System.Text.Json;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Reports;
using OrderCapture.Worker.Jobs;
using Quartz;

namespace OrderCapture.Worker.Api;

/// <summary>Re-running work on demand: reconciliation, the daily merge, the purge.</summary>
internal static class OperationsEndpoints
{
    internal sealed record ReconcileBody(string? Site);

    internal sealed record MergeBody(string? Date, string? Site);

    public static void MapOperations(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/reconcile", async (HttpRequest request, ISchedulerFactory schedulers, CancellationToken ct) =>
        {
            var (body, error) = await ReadOptionalAsync<ReconcileBody>(request, ct).ConfigureAwait(false);
            if (error is not null)
            {
                return error;
            }

            if (body?.Site is { } site && !Names.IsValidSite(site))
            {
                return Problems.BadRequest("invalid_name", [$"site must be {Names.NameRule}"]);
            }

            var data = new JobDataMap { [ReconciliationJob.ForceKey] = "true" };
            if (body?.Site is { } only)
            {
                data[ReconciliationJob.SiteKey] = only;
            }

            var scheduler = await schedulers.GetScheduler(ct).ConfigureAwait(false);
            await scheduler.TriggerJob(ReconciliationJob.Key, data, ct).ConfigureAwait(false);
            return Results.Json(new ReconcileTriggered(true, body?.Site), statusCode: 202);
        })
            .WithName("Reconcile").WithSummary("Run the reconciliation job now")
            .Accepts<ReconcileBody>("application/json").Produces<ReconcileTriggered>(202).ProducesProblem(400);

        app.MapPost("/api/merge", async (HttpRequest request, DailyMerge merge, CancellationToken ct) =>
        {
            var (body, error) = await ReadOptionalAsync<MergeBody>(request, ct).ConfigureAwait(false);
            if (error is not null)
            {
                return error;
            }

            if (body?.Date is { } date && !DateTime.TryParseExact(date, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                return Problems.BadRequest("invalid_date", ["date must be yyyyMMdd"]);
            }

            if (body?.Site is { } site && !Names.IsValidSite(site))
            {
                return Problems.BadRequest("invalid_name", [$"site must be {Names.NameRule}"]);
            }

            var result = await merge.MergeAsync(body?.Date, body?.Site, progress: null, ct).ConfigureAwait(false);
            return Results.Json(new MergeAnswer(result.WorkFilesMerged, result.DailyFilesWritten, result.DailyFiles));
        })
            .WithName("Merge").WithSummary("Fold work files into daily files now")
            .Accepts<MergeBody>("application/json").Produces<MergeAnswer>(200).ProducesProblem(400);

        app.MapPurge();
    }

    /// <summary>Runs the purge now, in this instance (the nightly one runs on one instance of the cluster).</summary>
    public static void MapPurge(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/purge", async (Core.Retention.RetentionService retention, CancellationToken ct) =>
            Results.Json(PurgeAnswer.From(await retention.PurgeAsync(ct).ConfigureAwait(false))))
            .WithName("Purge").WithSummary("Remove finished work past the Retention windows now")
            .Produces<PurgeAnswer>(200);

    /// <summary>An empty body is "no options"; a body that does not parse is a 400.</summary>
    private static async Task<(T? Body, IResult? Error)> ReadOptionalAsync<T>(HttpRequest request, CancellationToken ct)
        where T : class
    {
        if (request.ContentLength is 0 or null && request.Headers.TransferEncoding.Count == 0)
        {
            return (null, null);
        }

        try
        {
            return (await JsonSerializer.DeserializeAsync<T>(request.Body, JsonSerializerOptions.Web, ct).ConfigureAwait(false), null);
        }
        catch (JsonException ex)
        {
            return (null, Problems.BadRequest("malformed_json", [ex.Message]));
        }
    }
}
