using OrderCapture.Core.Retention;
using Quartz;

namespace OrderCapture.Worker.Jobs;

/// <summary>
/// Removes finished work past <c>Retention</c> on its schedule. On PostgreSQL the job store is
/// clustered, so one instance runs it for all; a failure is alerted by <see cref="JobFailureAlerts"/>.
/// </summary>
[DisallowConcurrentExecution]
public sealed class PurgeJob(RetentionService retention) : IJob
{
    public static readonly JobKey Key = new("purge", "ordercapture");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await retention.PurgeAsync(cancellationToken).ConfigureAwait(false);
}
