using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace OrderCapture.Worker.Hosting;

/// <summary>
/// Section <c>Http</c>: what one client, or a flood of them, may take of the server. Beyond these a
/// connection is refused or closed instead of holding memory; beyond the store's write queue
/// (<c>Storage:MaxQueuedWrites</c>) an order is answered <c>503 busy</c>.
/// </summary>
public sealed class HttpLimitsOptions
{
    public const string SectionName = "Http";

    /// <summary>Open connections at once; one more is refused. Default 2,000.</summary>
    [Range(16, 1_000_000)]
    public long MaxConcurrentConnections { get; set; } = 2_000;

    /// <summary>All request headers of one request together, in bytes. Default 32 KiB.</summary>
    [Range(4096, 1 << 20)]
    public int MaxRequestHeadersTotalBytes { get; set; } = 32 * 1024;

    /// <summary>Headers in one request. Default 64.</summary>
    [Range(8, 1000)]
    public int MaxRequestHeaderCount { get; set; } = 64;

    /// <summary>An idle kept-alive connection is closed after this. Default 2 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A request whose headers have not all arrived by then is closed (slow clients hold nothing). Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Applies the limits; the body limit is the API's own (1 MiB).</summary>
    public void ApplyTo(KestrelServerLimits limits)
    {
        limits.MaxRequestBodySize = Api.ApiLimits.MaxBodyBytes;
        limits.MaxConcurrentConnections = MaxConcurrentConnections;
        limits.MaxConcurrentUpgradedConnections = MaxConcurrentConnections;
        limits.MaxRequestHeadersTotalSize = MaxRequestHeadersTotalBytes;
        limits.MaxRequestHeaderCount = MaxRequestHeaderCount;
        limits.KeepAliveTimeout = KeepAliveTimeout;
        limits.RequestHeadersTimeout = RequestHeadersTimeout;
    }
}

/// <summary>The attributes of <see cref="HttpLimitsOptions"/>, checked by generated code at start.</summary>
[OptionsValidator]
public sealed partial class HttpLimitsOptionsAnnotationsValidator : IValidateOptions<HttpLimitsOptions>;
