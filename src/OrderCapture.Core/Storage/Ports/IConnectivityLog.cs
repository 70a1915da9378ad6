using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;

namespace OrderCapture.Core.Storage;

/// <summary>OCI's connectivity transitions, so a restart resumes the state it left.</summary>
public interface IConnectivityLog
{
    Task RecordTransitionAsync(ConnectivityTransition transition, CancellationToken cancellationToken);

    Task<ConnectivityTransition?> LastTransitionAsync(CancellationToken cancellationToken);
}

public enum ConnectivityState
{
    Online,
    Offline,
    Recovering,
}

public sealed record ConnectivityTransition(DateTimeOffset At, ConnectivityState From, ConnectivityState To, string Reason);
