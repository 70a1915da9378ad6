using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OrderCapture.Worker.Tests.Support;

/// <summary>A real webhook on loopback that refuses its first <c>failFirst</c> calls and records every one.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _calls;

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<(string Key, int Status, string Body)> Received { get; } = new();

    public Uri Url => new($"{_app.Urls.First()}/hook");

    public static async Task<WebhookReceiver> StartAsync(int failFirst = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var receiver = new WebhookReceiver(builder.Build());
        receiver._app.MapPost("/hook", async (HttpRequest request) =>
        {
            var status = Interlocked.Increment(ref receiver._calls) <= failFirst ? 503 : 200;
            using var reader = new StreamReader(request.Body);
            receiver.Received.Enqueue((request.Headers["Idempotency-Key"].ToString(), status, await reader.ReadToEndAsync()));
            return Results.StatusCode(status);
        });
        await receiver._app.StartAsync();
        return receiver;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
