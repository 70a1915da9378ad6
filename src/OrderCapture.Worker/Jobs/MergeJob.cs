using OrderCapture.Core.Reports;
using Quartz;

namespace OrderCapture.Worker.Jobs;

/// <summary>Folds work files into daily files on the merge schedule.</summary>
[DisallowConcurrentExecution]
public sealed class MergeJob(DailyMerge merge) : IJob
{
    public static readonly JobKey Key = new("merge", "ordercapture");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await merge.MergeAsync(date: null, site: null, progress: null, cancellationToken).ConfigureAwait(false);
}
