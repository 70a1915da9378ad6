using System.IO.Abstractions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrderCapture.Core.Alerts;
using OrderCapture.Core.Capture;
using OrderCapture.Core.Connectivity;
using OrderCapture.Core.Hosting;
using OrderCapture.Core.Inventory;
using OrderCapture.Core.Oci;
using OrderCapture.Core.OrderManagement;
using OrderCapture.Core.Outbox;
using OrderCapture.Core.Reconciliation;
using OrderCapture.Core.Reports;
using OrderCapture.Core.Reports.Share;
using OrderCapture.Core.Sites;
using OrderCapture.Core.Storage;

namespace OrderCapture.Core;

public static class OrderCaptureServiceCollectionExtensions
{
    /// <summary>
    /// Registers the domain: options (validated at start), the store, the OCI client,
    /// connectivity, the cache, capture and the outbox. Background loops are added by
    /// <see cref="AddOrderCaptureBackgroundServices"/> so tools can use the services without them.
    /// </summary>
    public static IServiceCollection AddOrderCaptureCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IFileSystem, FileSystem>();
        services.TryAddSingleton<IDiskBarrier>(DiskBarrier.Instance);

        services.AddSection<OrderCaptureOptions, OrderCaptureOptionsAnnotationsValidator>(OrderCaptureOptions.SectionName);
        services.AddSingleton<IValidateOptions<OrderCaptureOptions>, OrderCaptureOptionsValidator>();
        services.AddSection<StorageOptions, StorageOptionsAnnotationsValidator>(StorageOptions.SectionName);
        services.AddSection<ConnectivityOptions, ConnectivityOptionsAnnotationsValidator>(ConnectivityOptions.SectionName);
        services.AddSection<InventoryOptions, InventoryOptionsAnnotationsValidator>(InventoryOptions.SectionName);
        services.AddSection<ReconciliationOptions, ReconciliationOptionsAnnotationsValidator>(ReconciliationOptions.SectionName);
        services.AddSingleton<IValidateOptions<ReconciliationOptions>, ClaimLeaseValidator>();
        services.AddSection<CaptureOptions, CaptureOptionsAnnotationsValidator>(CaptureOptions.SectionName);
        services.AddSingleton<IValidateOptions<CaptureOptions>, CaptureOptionsValidator>();
        services.AddSection<OrderManagementOptions, OrderManagementOptionsAnnotationsValidator>(OrderManagementOptions.SectionName);
        // The OCI client (IOciClient, IOciTokenSource, OciOptions) comes from OrderCapture.Oci: AddOciClient.
        services.AddSection<Retention.RetentionOptions, Retention.RetentionOptionsAnnotationsValidator>(Retention.RetentionOptions.SectionName);
        services.AddSection<AlertOptions, AlertOptionsAnnotationsValidator>(AlertOptions.SectionName);
        // The webhook sender (IWebhookSender) is the host's: OrderCapture.Worker, AddOrderCaptureWebhooks.
        services.AddSingleton<IOrderManagementSink, WebhookOrderManagementSink>();

        services.AddSingleton<OutboxSignal>();
        // The store and its ports (IOrderStore, IOrderQueries, …, IClusterLock) come from OrderCapture.Storage: AddOrderCaptureStorage.
        services.AddSingleton<SiteCatalog>();
        services.AddSingleton<AlertPublisher>();
        services.AddSingleton<IAlertSink>(sp => sp.GetRequiredService<AlertPublisher>());
        services.AddSingleton<OciConnectivity>();
        services.AddSingleton<AvailabilityCacheSync>();
        services.AddSingleton<Places.LocationGraphSource>();
        services.AddSingleton<OrderValidator>();
        services.AddSingleton<WorkFiles>();
        services.AddSection<ImpexOptions, ImpexOptionsAnnotationsValidator>(ImpexOptions.SectionName);
        services.AddSingleton<IValidateOptions<ImpexOptions>, ImpexOptionsValidator>();
        // A WebDAV share (OrderCapture.Impex: AddImpexShare) replaces the folder when configured.
        services.TryAddSingleton<IImpexShare, FolderImpexShare>();
        services.AddSingleton<Hosting.WorkerInstance>();
        services.AddSingleton<OrderCaptureService>();
        services.AddSingleton<OrderCancellationService>();
        services.AddSingleton<AttemptSweeper>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddSingleton<ReservationLookup>();
        services.AddSingleton<ReconciliationService>();
        services.AddSingleton<ReviewResolutionService>();
        services.AddSingleton<DailyMerge>();
        services.AddSingleton<Retention.RetentionService>();
        services.AddSingleton<Checks.ConsistencyChecker>();
        services.AddSingleton<Checks.OciVerification.OciVerifier>();
        services.AddSingleton<Checks.GoLiveChecklist>();
        services.AddSingleton<ConnectivityMonitor>();
        services.AddSingleton<AvailabilityRefresher>();
        services.AddSingleton<Telemetry.MetricsSampler>();
        return services;
    }

    /// <summary>The loops of a running worker, in start order: connectivity first (it restores the state), then stranded attempts, cache, outbox.</summary>
    public static IServiceCollection AddOrderCaptureBackgroundServices(this IServiceCollection services)
    {
        services.AddHostedService(sp => sp.GetRequiredService<ConnectivityMonitor>());
        services.AddHostedService(sp => sp.GetRequiredService<AttemptSweeper>());
        services.AddHostedService(sp => sp.GetRequiredService<AvailabilityRefresher>());
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        services.AddHostedService(sp => sp.GetRequiredService<Telemetry.MetricsSampler>());
        return services;
    }
}
