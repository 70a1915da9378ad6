using OrderCapture.Core.Webhooks;

namespace OrderCapture.Worker.Webhooks;

public static class WebhooksServiceCollectionExtensions
{
    /// <summary>
    /// The outgoing HTTP every client of this host shares: the webhook sender, and no logging
    /// handler on any <see cref="IHttpClientFactory"/> client.
    /// </summary>
    public static IServiceCollection AddOrderCaptureWebhooks(this IServiceCollection services)
    {
        // IHttpClientFactory's logging handler redacts headers in the message text but hands their raw
        // values to structured sinks as properties: at Trace level that logged OCI credentials. None of
        // our clients needs it; the OCI client reports outcomes itself.
        services.ConfigureHttpClientDefaults(http => http.RemoveAllLoggers());
        // A webhook is posted to the configured URL and nowhere else: a redirect (to another host, or
        // from https to http) is a failed delivery that is retried and alerted, never followed.
        services.AddHttpClient<IWebhookSender, WebhookClient>()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        return services;
    }
}
