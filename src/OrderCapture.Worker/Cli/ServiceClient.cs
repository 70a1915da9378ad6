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

    /// <summary>
    /// The answer read into the API's own record (<see cref="Api.ApiJson"/>): <c>Value</c> for a 2xx,
    /// <c>Body</c> for the problem document of anything else; null when no service listens there.
    /// </summary>
    public async Task<ServiceAnswer<T>?> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        if (await SendAsync(method, path, body, cancellationToken).ConfigureAwait(false) is not { } answer)
        {
            return null;
        }

        var value = answer.Status is >= 200 and < 300 && answer.Body.ValueKind != JsonValueKind.Undefined ? answer.Body.Deserialize<T>(Api.ApiJson.Options) : default;
        return new ServiceAnswer<T>(answer.Status, answer.Body, value);
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>A service's answer: its status, the raw body (a problem document when it failed), and the record it carried.</summary>
public sealed record ServiceAnswer<T>(int Status, JsonElement Body, T? Value)
{
    public bool Ok => Status is >= 200 and < 300 && Value is not null;
}
