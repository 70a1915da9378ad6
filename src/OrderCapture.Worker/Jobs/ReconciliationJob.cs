using OrderCapture.Core.Connectivity;
using OrderCapture.Core.Reconciliation;
using OrderCapture.Core.Storage;
using Quartz;

namespace OrderCapture.Worker.Jobs;

/// <summary>
/// Reserves the Reservation Missing queue at OCI. Fired on entering Recovering, by the cron while
/// the queue is not empty, and by <c>POST /api/reconcile</c>. Never overlaps itself.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ReconciliationJob(ReconciliationService reconciliation, OciConnectivity connectivity) : IJob
{
    public static readonly JobKey Key = new("reconciliation", "ordercapture");

    /// <summary>Job data: limit the run to one site.</summary>
    public const string SiteKey = "site";

    /// <summary>Job data, the string "true": run even while OCI is considered offline (an operator asked). A string, as the clustered store keeps job data as JSON.</summary>
    public const string ForceKey = "force";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var data = context.MergedJobDataMap;
        var force = data.TryGetValue(ForceKey, out var f) && string.Equals(f?.ToString(), "true", StringComparison.OrdinalIgnoreCase);
        if (!force && connectivity.State == ConnectivityState.Offline)
        {
            return; // the probe decides when OCI is back; a scheduled run would only count another failure
        }

        await reconciliation.RunAsync(data.TryGetValue(SiteKey, out var site) ? site?.ToString() : null, wait: true, cancellationToken).ConfigureAwait(false);
    }
}
