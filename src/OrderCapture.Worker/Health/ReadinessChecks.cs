using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OrderCapture.Core.Connectivity;
using OrderCapture.Core.Sites;
using OrderCapture.Core.Storage;

namespace OrderCapture.Worker.Health;

/// <summary>The store answers a read. Without it no order can be taken: unready.</summary>
internal sealed class StoreHealthCheck(IConnectivityLog store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.LastTransitionAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy("the store answers");
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"the store cannot be read: {ex.GetType().Name}");
        }
    }
}

/// <summary>
/// Every configured list's cache is known: loaded (now or before a restart) — needed before orders
/// can be accepted offline. While OCI is online a cache older than <see cref="HealthOptions.CacheStaleAfter"/>
/// is Degraded; while OCI is offline an old cache is the point of the service, and healthy.
/// </summary>
internal sealed class CacheHealthCheck(IAvailabilityCacheStore store, SiteCatalog sites, OciConnectivity connectivity, IOptions<HealthOptions> options, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var states = (await store.GetSyncStatesAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.InventoryListId);
        var unknown = sites.InventoryLists.Where(l => !states.TryGetValue(l.Id, out var s) || s.FetchedAt is null).Select(l => l.Id).ToList();
        if (unknown.Count > 0)
        {
            return HealthCheckResult.Unhealthy($"no availability loaded yet for {string.Join(", ", unknown)}");
        }

        var oldest = sites.InventoryLists.Min(l => states[l.Id].FetchedAt!.Value);
        var age = time.GetUtcNow() - oldest;
        var data = new Dictionary<string, object> { ["oldestFetchSeconds"] = Math.Round(age.TotalSeconds, 1), ["oci"] = connectivity.State.ToString() };
        return connectivity.State == ConnectivityState.Online && age > options.Value.CacheStaleAfter
            ? HealthCheckResult.Degraded($"the cache was last fetched {age.TotalSeconds:0} s ago while OCI is online", data: data)
            : HealthCheckResult.Healthy("the cache is loaded", data);
    }
}

/// <summary>
/// Reports and pushes flow. One undelivered for longer than <see cref="HealthOptions.OutboxStuckAfter"/>
/// is Degraded, not Unhealthy: orders are still taken (and their reports kept durably), so a load
/// balancer must not stop sending them. OCI cancels are left out: they wait for OCI, and OCI being
/// offline is what the service is for.
/// </summary>
internal sealed class OutboxHealthCheck(IOutboxStore store, IOptions<HealthOptions> options, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var backlog = (await store.OutboxBacklogAsync(cancellationToken).ConfigureAwait(false)).Where(b => b.Kind != OutboxMessage.OciCancel).ToList();
        var now = time.GetUtcNow();
        var data = backlog.ToDictionary(b => b.Kind, b => (object)new { count = b.Count, oldestSeconds = Math.Round((now - b.OldestCreatedAt).TotalSeconds, 1) });
        var stuck = backlog.Where(b => now - b.OldestCreatedAt > options.Value.OutboxStuckAfter).Select(b => b.Kind).ToList();
        return stuck.Count > 0
            ? HealthCheckResult.Degraded($"undelivered for over {options.Value.OutboxStuckAfter}: {string.Join(", ", stuck)}", data: data)
            : HealthCheckResult.Healthy("the outbox flows", data);
    }
}
