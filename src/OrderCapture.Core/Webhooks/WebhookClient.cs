using System.Net.Http.Headers;
using System.Text;

namespace OrderCapture.Core.Webhooks;

/// <summary>
/// POSTs one JSON message with an <c>Idempotency-Key</c>; any 2xx is the acknowledgement, anything
/// else is an <see cref="IOException"/> the outbox retries. Shared by the Order Management push and
/// the alert webhook.
/// </summary>
public sealed class WebhookClient(HttpClient http)
{
    public async Task PostAsync(Uri url, TimeSpan timeout, string idempotencyKey, string payload, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(payload, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await http.SendAsync(request, deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new IOException($"{url.Host} answered {(int)response.StatusCode}.");
            }
        }
        catch (HttpRequestException ex)
        {
            throw new IOException($"{url.Host} unreachable: {ex.HttpRequestError}.", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new IOException($"{url.Host} did not answer within {timeout}.", ex);
        }
    }
}
