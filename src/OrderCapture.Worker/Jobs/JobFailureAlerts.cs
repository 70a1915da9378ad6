using System.Collections.Concurrent;
using OrderCapture.Core.Alerts;
using OrderCapture.Core.Storage;
using Quartz;

namespace OrderCapture.Worker.Jobs;

/// <summary>
/// A scheduled job that keeps failing is an operator's problem, not a log line: after
/// <see cref="FailuresBeforeAlert"/> failures in a row of one job (merge, reconciliation) a Critical
/// <c>job_failing</c> alert says which and why, and a <c>job_recovered</c> alert when it runs cleanly again.
/// </summary>
public sealed class JobFailureAlerts(IAlertSink alerts) : IJobListener
{
    public const int FailuresBeforeAlert = 3;

    private readonly ConcurrentDictionary<JobKey, int> _failuresInARow = new();

    public string Name => nameof(JobFailureAlerts);

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public async ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        var job = context.JobDetail.Key;
        if (jobException is null)
        {
            if (_failuresInARow.TryRemove(job, out var before) && before >= FailuresBeforeAlert)
            {
                await alerts.RaiseAsync(AlertSeverity.Info, AlertKinds.JobRecovered, $"The {job.Name} job runs cleanly again after {before} failure(s).", cancellationToken: CancellationToken.None).ConfigureAwait(false);
            }

            return;
        }

        var failures = _failuresInARow.AddOrUpdate(job, 1, (_, n) => n + 1);
        if (failures == FailuresBeforeAlert)
        {
            var cause = jobException.InnerException ?? jobException;
            await alerts.RaiseAsync(AlertSeverity.Critical, AlertKinds.JobFailing,
                $"The {job.Name} job failed {failures} times in a row ({cause.GetType().Name}: {cause.Message}); it is retried on its schedule.", cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }
    }
}
