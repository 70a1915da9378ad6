namespace OrderCapture.Core.Hosting;

/// <summary>
/// This process among the instances that share a store: it owns the online attempts it starts and
/// the reconciliation batches it claims, and no other live instance takes them over.
/// </summary>
public sealed class WorkerInstance
{
    public string Id { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";
}
