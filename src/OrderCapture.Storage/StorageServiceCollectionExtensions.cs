using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrderCapture.Core.Outbox;
using OrderCapture.Core.Storage;
using OrderCapture.Storage.Postgres;
using OrderCapture.Storage.Sqlite;

namespace OrderCapture.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// The store <c>Storage:Provider</c> names, behind Core's ports: SQLite (the default, one
    /// machine) or PostgreSQL (several instances, one database). Built on first use, which migrates it.
    /// </summary>
    public static IServiceCollection AddOrderCaptureStorage(this IServiceCollection services)
    {
        services.AddSingleton<IOrderStore>(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value.Provider switch
        {
            StorageProvider.Postgres => ActivatorUtilities.CreateInstance<PostgresOrderStore>(sp),
            _ => new SqliteOrderStore(sp.GetRequiredService<IOptions<StorageOptions>>(), sp.GetRequiredService<OutboxSignal>(), sp.GetRequiredService<TimeProvider>(),
                sp.GetService<SqliteWriterFaults>()),
        });
        // One store, registered once per port: a service asks for what it uses.
        services.AddSingleton<IOrderIntake>(sp => sp.GetRequiredService<IOrderStore>());
        services.AddSingleton<IOrderQueries>(sp => sp.GetRequiredService<IOrderStore>());
        services.AddSingleton<IStoreClock>(sp => sp.GetRequiredService<IOrderStore>());
        services.AddSingleton<IAvailabilityCacheStore>(sp => sp.GetRequiredService<IOrderStore>());
        services.AddSingleton<IOutboxStore>(sp => sp.GetRequiredService<IOrderStore>());
        services.AddSingleton<IAlertStore>(sp => sp.GetRequiredService<IOrderStore>());
        services.AddSingleton<IConnectivityLog>(sp => sp.GetRequiredService<IOrderStore>());
        services.AddSingleton<IActivityLog>(sp => sp.GetRequiredService<IOrderStore>());
        services.AddSingleton<IReconciliationStore>(sp => sp.GetRequiredService<IOrderStore>());
        services.AddSingleton<ICancellationStore>(sp => sp.GetRequiredService<IOrderStore>());
        services.AddSingleton<Core.Retention.IRetentionStore>(sp => sp.GetRequiredService<IOrderStore>());
        services.AddSingleton<ICheckMarkStore>(sp => sp.GetRequiredService<IOrderStore>());
        services.AddSingleton<IClusterLock>(sp => sp.GetRequiredService<IOrderStore>());
        return services;
    }
}
