using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderCapture.Core.Storage;

namespace OrderCapture.Core.Alerts;

/// <summary>Stores an alert for the feed and the status page, and logs it.</summary>
public sealed partial class AlertPublisher(IAlertStore store, IOptions<AlertOptions> options, TimeProvider timeProvider, ILogger<AlertPublisher> logger) : IAlertSink
{
    Task IAlertSink.RaiseAsync(AlertSeverity severity, string kind, string message, string? site, string? orderNo, CancellationToken cancellationToken) =>
        RaiseAsync(severity, kind, message, site, orderNo, cancellationToken);

    public async Task<Alert> RaiseAsync(AlertSeverity severity, string kind, string message, string? site = null, string? orderNo = null, CancellationToken cancellationToken = default)
    {
        // Trouble with the alert webhook itself is not pushed to it.
        var push = options.Value.WebhookUrl is not null && kind is not (AlertKinds.AlertWebhookUnavailable or AlertKinds.AlertWebhookRecovered);
        // A message may quote what a person typed or what OCI answered: stored clean, no reader can be broken by it.
        message = Orders.FreeText.Clean(message);
        var alert = await store.AddAlertAsync(new NewAlert(timeProvider.GetUtcNow(), severity, kind, message, site, orderNo), push, cancellationToken).ConfigureAwait(false);
        LogAlert(logger, severity, kind, message);
        return alert;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {Severity} {Kind}: {AlertMessage}")]
    private static partial void LogAlert(ILogger logger, AlertSeverity severity, string kind, string alertMessage);
}

/// <summary>Alert kinds: stable strings the feed, the runbook (docs/operations.md) and scripts rely on.</summary>
public static class AlertKinds
{
    public const string OciOffline = "oci_offline";
    public const string OciRecovering = "oci_recovering";
    public const string OciOnline = "oci_online";
    public const string ImpexUnavailable = "impex_unavailable";
    public const string ImpexRecovered = "impex_recovered";
    public const string OciRejected = "oci_rejected";
    public const string CacheRebuilt = "cache_rebuilt";
    public const string ReconciliationStarted = "reconciliation_started";
    public const string ReconciliationFinished = "reconciliation_finished";
    public const string OciRemainsOffline = "oci_remains_offline";
    public const string Oversold = "oversold";
    public const string NeedsReview = "needs_review";
    public const string NeedsReviewResolved = "needs_review_resolved";
    public const string ReportQuarantined = "report_quarantined";
    public const string JobFailing = "job_failing";
    public const string JobRecovered = "job_recovered";
    public const string OrderManagementUnavailable = "oms_unavailable";
    public const string OrderManagementRecovered = "oms_recovered";
    public const string AlertWebhookUnavailable = "alert_webhook_unavailable";
    public const string AlertWebhookRecovered = "alert_webhook_recovered";
    public const string OciCancelPending = "oci_cancel_pending";
    public const string OciCancelDone = "oci_cancel_done";
}
