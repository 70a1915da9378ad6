using OrderCapture.Core.Connectivity;
using OrderCapture.Core.Storage;
using Quartz;

namespace OrderCapture.Worker.Jobs;

/// <summary>Entering Recovering fires the reconciliation job at once, not at the next cron tick.</summary>
internal sealed class RecoveryTrigger(OciConnectivity connectivity, ISchedulerFactory schedulers) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        connectivity.Changed += OnChangedAsync;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        connectivity.Changed -= OnChangedAsync;
        return Task.CompletedTask;
    }

    private async Task OnChangedAsync(ConnectivityTransition transition, CancellationToken cancellationToken)
    {
        if (transition.To == ConnectivityState.Recovering)
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
            await scheduler.TriggerJob(ReconciliationJob.Key, new JobDataMap { [ReconciliationJob.ForceKey] = "true" }, cancellationToken).ConfigureAwait(false);
        }
    }
}
