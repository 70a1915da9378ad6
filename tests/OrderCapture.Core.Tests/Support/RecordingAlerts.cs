using OrderCapture.Core.Alerts;
using OrderCapture.Core.Storage;

namespace OrderCapture.Core.Tests.Support;

/// <summary>An alert sink that keeps what it is given, for tests of classes built by hand.</summary>
internal sealed class RecordingAlerts : IAlertSink
{
    public List<(AlertSeverity Severity, string Kind, string Message)> Raised { get; } = [];

    public Task RaiseAsync(AlertSeverity severity, string kind, string message, string? site = null, string? orderNo = null, CancellationToken cancellationToken = default)
    {
        lock (Raised)
        {
            Raised.Add((severity, kind, message));
        }

        return Task.CompletedTask;
    }
}
