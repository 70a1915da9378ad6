using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using OrderCapture.Core.Orders;

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

/// <summary>POSTs each push as JSON with an <c>Idempotency-Key</c> header; any 2xx is the acknowledgement.</summary>
public sealed class HttpOrderManagementSink(HttpClient http, IOptions<OrderManagementOptions> options) : IOrderManagementSink
{
    public async Task PushAsync(string idempotencyKey, string payload, CancellationToken cancellationToken)
    {
        var url = options.Value.WebhookUrl ?? throw new InvalidOperationException("OrderManagement:WebhookUrl is not set.");
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(payload, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Timeout);
        try
        {
            using var response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new IOException($"Order Management answered {(int)response.StatusCode}.");
            }
        }
        catch (HttpRequestException ex)
        {
            throw new IOException($"Order Management unreachable: {ex.HttpRequestError}.", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new IOException("Order Management did not answer in time.", ex);
        }
    }
}
