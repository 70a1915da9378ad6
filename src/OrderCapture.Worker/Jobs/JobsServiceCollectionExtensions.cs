using OrderCapture.Core.Hosting;
using Microsoft.Extensions.Options;
using OrderCapture.Core.Reconciliation;
using OrderCapture.Core.Reports;
using OrderCapture.Core.Retention;
using OrderCapture.Core.Storage;
using OrderCapture.Storage.Postgres;
using Quartz;

namespace OrderCapture.Worker.Jobs;

internal static class JobsServiceCollectionExtensions
{
    /// <summary>Quartz with the reconciliation, merge and purge jobs, keyed, on their cron triggers; waits for running jobs on shutdown.</summary>
    public static IServiceCollection AddOrderCaptureJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var reconcile = configuration.GetSection(ReconciliationOptions.SectionName).Get<ReconciliationOptions>() ?? new ReconciliationOptions();
        var merge = configuration.GetSection(MergeOptions.SectionName).Get<MergeOptions>() ?? new MergeOptions();
        var retention = configuration.GetSection(RetentionOptions.SectionName).Get<RetentionOptions>() ?? new RetentionOptions();
        services.AddSection<MergeOptions, MergeOptionsAnnotationsValidator>(MergeOptions.SectionName);
        services.AddSingleton<IValidateOptions<ReconciliationOptions>>(new CronValidator<ReconciliationOptions>("Reconciliation:Schedule", o => o.Schedule));
        services.AddSingleton<IValidateOptions<MergeOptions>>(new CronValidator<MergeOptions>("Merge:Schedule", o => o.Schedule));
        services.AddSingleton<IValidateOptions<RetentionOptions>>(new CronValidator<RetentionOptions>("Retention:Schedule", o => o.Schedule));

        var storage = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        services.AddQuartz(q =>
        {
            if (storage.Provider == StorageProvider.Postgres)
            {
                // Workers sharing the database form one Quartz cluster: a trigger fires on one
                // instance only, and [DisallowConcurrentExecution] holds across the cluster.
                // Quartz creates its own tables when missing (instances starting together converge:
                // its script is guarded and retried); a database whose tables an older version made
                // is validated and used as it is.
                q.UsePersistentStore(store =>
                {
                    store.UsePostgres(storage.ConnectionString);
                    store.ProvisionSchema();
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = storage.ClusterCheckinInterval;
                        c.CheckinMisfireThreshold = storage.ClusterFailoverAfter;
                    });
                    store.UseSystemTextJsonSerializer();
                    store.ConfigureStore(o => o.TablePrefix = PostgresOrderStore.QuartzTablePrefix);
                });
            }

            q.AddJob<ReconciliationJob>(j => j.WithIdentity(ReconciliationJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(ReconciliationJob.Key).WithIdentity("reconciliation-cron", "ordercapture")
                .WithCronSchedule(IsValidCron(reconcile.Schedule) ? reconcile.Schedule : new ReconciliationOptions().Schedule));
            q.AddJob<MergeJob>(j => j.WithIdentity(MergeJob.Key).StoreDurably());
            q.AddJobListener<JobFailureAlerts>();
            q.AddTrigger(t => t.ForJob(MergeJob.Key).WithIdentity("merge-cron", "ordercapture")
                .WithCronSchedule(IsValidCron(merge.Schedule) ? merge.Schedule : new MergeOptions().Schedule));
            q.AddJob<PurgeJob>(j => j.WithIdentity(PurgeJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(PurgeJob.Key).WithIdentity("purge-cron", "ordercapture")
                .WithCronSchedule(IsValidCron(retention.Schedule) ? retention.Schedule : new RetentionOptions().Schedule));
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        services.AddHostedService<RecoveryTrigger>();
        return services;
    }

    private static bool IsValidCron(string? expression) => expression is not null && CronExpression.TryParse(expression, out _);

    /// <summary>A bad cron stops the worker at start with the key named (the trigger above never sees it).</summary>
    private sealed class CronValidator<T>(string key, Func<T, string> cron) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options) => IsValidCron(cron(options))
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{key} '{cron(options)}' is not a valid Quartz cron expression.");
    }
}
