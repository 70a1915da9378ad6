using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using OrderCapture.Core.Orders;
using OrderCapture.Core.Webhooks;

namespace OrderCapture.Core.OrderManagement;

/// <summary>Where reconciliation outcomes are pushed. A push that throws is retried from the outbox.</summary>
public interface IOrderManagementSink
{
    /// <summary>Delivers one push; the same <paramref name="idempotencyKey"/> is sent on every retry.</summary>
    Task PushAsync(string idempotencyKey, string payload, CancellationToken cancellationToken);
}

/// <summary>The body of a push: the order, its outcome and what was reserved per line.</summary>
public sealed record OrderManagementPush(string OrderNo, string Site, string Outcome, string ReservationId, DateTimeOffset ReconciledAt, IReadOnlyList<OrderManagementPushLine> Lines)
{
    public static string Serialize(Order order) => JsonSerializer.Serialize(
        new OrderManagementPush(order.OrderNo, order.Site, order.Status.ToString(), order.ReservationId, order.ReconciledAt!.Value,
            [.. order.Lines.Select(l => new OrderManagementPushLine(l.Sku, l.InventoryListId, l.Quantity, l.ReservedQuantity ?? 0))]),
        OrderManagementJsonContext.Default.OrderManagementPush);
}

public sealed record OrderManagementPushLine(string Sku, string InventoryListId, decimal Quantity, decimal ReservedQuantity);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(OrderManagementPush))]
internal sealed partial class OrderManagementJsonContext : JsonSerializerContext;

/// <summary>POSTs each push to <c>OrderManagement:WebhookUrl</c>.</summary>
public sealed class WebhookOrderManagementSink(IWebhookSender webhook, IOptions<OrderManagementOptions> options) : IOrderManagementSink
{
    public Task PushAsync(string idempotencyKey, string payload, CancellationToken cancellationToken) =>
        webhook.PostAsync(
            options.Value.WebhookUrl ?? throw new InvalidOperationException("OrderManagement:WebhookUrl is not set."),
            options.Value.Timeout,
            idempotencyKey,
            payload,
            cancellationToken);
}
