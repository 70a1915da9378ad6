namespace OrderCapture.Core.Webhooks;

/// <summary>
/// POSTs one JSON message with an <c>Idempotency-Key</c>: the Order Management push and the alert
/// webhook, both delivered by the outbox. Any 2xx is the acknowledgement; anything else is an
/// <see cref="IOException"/> the outbox retries.
/// </summary>
public interface IWebhookSender
{
    Task PostAsync(Uri url, TimeSpan timeout, string idempotencyKey, string payload, CancellationToken cancellationToken);
}
