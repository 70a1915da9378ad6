using OrderCapture.Core.Oci.Contracts;
using OrderCapture.Core.Orders;

namespace OrderCapture.Core.Storage;

/// <summary>The alert feed.</summary>
public interface IAlertStore
{
    /// <summary>Stores an alert; with <paramref name="push"/>, its webhook message goes into the outbox in the same commit.</summary>
    Task<Alert> AddAlertAsync(NewAlert alert, bool push, CancellationToken cancellationToken);

    Task<IReadOnlyList<Alert>> ListAlertsAsync(DateTimeOffset? since, int limit, CancellationToken cancellationToken);

    Task<bool> AckAlertAsync(long id, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Alerts about one order, oldest first: its history as operators saw it (cancel, review, resolve).</summary>
    Task<IReadOnlyList<Alert>> ListOrderAlertsAsync(string site, string orderNo, CancellationToken cancellationToken);
}

public enum AlertSeverity
{
    Info,
    Warning,
    Critical,
}

public sealed record NewAlert(DateTimeOffset At, AlertSeverity Severity, string Kind, string Message, string? Site = null, string? OrderNo = null);

public sealed record Alert(long Id, DateTimeOffset At, AlertSeverity Severity, string Kind, string Message, string? Site, string? OrderNo, DateTimeOffset? AckedAt);
