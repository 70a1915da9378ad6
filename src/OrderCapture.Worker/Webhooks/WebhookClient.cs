using System.Net.Http.Headers;
using System.Text;

using OrderCapture.Core.Webhooks;

namespace OrderCapture.Worker.Webhooks;

/// <summary><see cref="IWebhookSender"/> over the host's <see cref="IHttpClientFactory"/>: the request has its own deadline.</summary>
public sealed class WebhookClient(HttpClient http) : IWebhookSender
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
