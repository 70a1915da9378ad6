using System.Net.Http.Json;
using System.Text.Json;

namespace OrderCapture.Worker.Cli;

/// <summary>Talks to a running ordercapture over its API (URL and key from the same configuration the service reads).</summary>
public sealed class ServiceClient : IDisposable
{
    private readonly HttpClient _http;

    public ServiceClient(IConfiguration configuration, string? url)
    {
        var baseUrl = url ?? Hosting.ListenAddresses.Loopback(configuration["Urls"]?.Split(';')[0]) ?? "http://127.0.0.1:5080";
        _http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Add("X-Api-Key", OperatorKey(configuration));
    }

    /// <summary>
    /// What the CLI sends: <c>OrderCapture:CliKey</c>, else the first operator key written plainly, else
    /// the older <c>OrderCapture:ApiKey</c>. A configuration that holds only hashes needs CliKey.
    /// </summary>
    public static string OperatorKey(IConfiguration configuration) =>
        configuration["OrderCapture:CliKey"] is { Length: > 0 } cli ? cli
        : configuration.GetSection("OrderCapture:OperatorKeys").GetChildren().Select(c => c.Value)
            .FirstOrDefault(k => k is { Length: > 0 } && !k.StartsWith(Security.AccessKeys.HashPrefix, StringComparison.Ordinal))
        ?? configuration["OrderCapture:ApiKey"] ?? "";

    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>The answer, or null when no service listens there (the caller then runs in-process).</summary>
    public async Task<(int Status, JsonElement Body)?> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}
