using System.Text.Json;
using System.Text.Json.Serialization;
using OrderCapture.Core.Storage;

namespace OrderCapture.Core.Alerts;

/// <summary>The body of an alert webhook call, and its outbox message.</summary>
public sealed record AlertPush(long Id, DateTimeOffset At, string Severity, string Kind, string Message, string? Site, string? OrderNo)
{
    public const string OutboxKind = "alert_push";

    public static OutboxMessage ToOutbox(Alert alert) => new(
        OutboxKind,
        alert.Site ?? "",
        alert.OrderNo ?? "",
        $"alert-{alert.Id}",
        JsonSerializer.Serialize(new AlertPush(alert.Id, alert.At, alert.Severity.ToString(), alert.Kind, alert.Message, alert.Site, alert.OrderNo), AlertPushJsonContext.Default.AlertPush));
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AlertPush))]
internal sealed partial class AlertPushJsonContext : JsonSerializerContext;
