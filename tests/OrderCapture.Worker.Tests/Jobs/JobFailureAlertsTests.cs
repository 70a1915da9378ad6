using System.Reflection;
using OrderCapture.Core.Alerts;
using OrderCapture.Core.Storage;
using OrderCapture.Worker.Jobs;
using Quartz;

namespace OrderCapture.Worker.Tests.Jobs;

public sealed class JobFailureAlertsTests
{
    private sealed class Sink : IAlertSink
    {
        public List<(AlertSeverity Severity, string Kind, string Message)> Raised { get; } = [];

        public Task RaiseAsync(AlertSeverity severity, string kind, string message, string? site = null, string? orderNo = null, CancellationToken cancellationToken = default)
        {
            Raised.Add((severity, kind, message));
            return Task.CompletedTask;
        }
    }

    /// <summary>Only the job's identity matters to the listener; every other member of the context answers its default.</summary>
    public class ContextOf : DispatchProxy
    {
        public IJobDetail Job { get; set; } = null!;

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            targetMethod?.Name == "get_JobDetail" ? Job : null;

        public static IJobExecutionContext For(JobKey key)
        {
            var context = Create<IJobExecutionContext, ContextOf>();
            ((ContextOf)(object)context).Job = JobBuilder.Create<MergeJob>().WithIdentity(key).Build();
            return context;
        }
    }

    [Test]
    public async Task A_job_failing_three_times_in_a_row_raises_one_alert_and_its_recovery_another()
    {
        var sink = new Sink();
        var listener = new JobFailureAlerts(sink);
        var merge = ContextOf.For(MergeJob.Key);
        var reconcile = ContextOf.For(ReconciliationJob.Key);
        var failure = new JobExecutionException(new IOException("the share is gone"));

        await listener.JobWasExecuted(merge, failure);
        await listener.JobWasExecuted(merge, failure);
        await listener.JobWasExecuted(reconcile, failure); // another job's failure does not count for merge
        var afterTwo = sink.Raised.Count;
        await listener.JobWasExecuted(merge, failure);
        await listener.JobWasExecuted(merge, failure); // the fourth does not alert again
        await listener.JobWasExecuted(merge, null);

        Assert.Multiple(() =>
        {
            Assert.That(afterTwo, Is.Zero);
            Assert.That(sink.Raised.Select(r => (r.Severity, r.Kind)), Is.EqualTo(new[] { (AlertSeverity.Critical, AlertKinds.JobFailing), (AlertSeverity.Info, AlertKinds.JobRecovered) }));
            Assert.That(sink.Raised[0].Message, Does.Contain("merge").And.Contain("the share is gone"));
        });
    }
}
