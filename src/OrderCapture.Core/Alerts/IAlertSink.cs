using OrderCapture.Core.Storage;

namespace OrderCapture.Core.Alerts;

/// <summary>Where a component raises an alert; <see cref="AlertPublisher"/> stores it for the feed, the page and the webhook.</summary>
public interface IAlertSink
{
    Task RaiseAsync(AlertSeverity severity, string kind, string message, string? site = null, string? orderNo = null, CancellationToken cancellationToken = default);
}
