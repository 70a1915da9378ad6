using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrderCapture.Worker.Health;

/// <summary>Section <c>Health</c>: when <c>/readyz</c> calls the outbox stuck or the cache stale.</summary>
public sealed class HealthOptions
{
    public const string SectionName = "Health";

    /// <summary>A report or push still undelivered after this makes <c>/readyz</c> Degraded. Default 10 min.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan OutboxStuckAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>At start, wait at most this long for the first cache pass before calling the service started. Default 2 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan StartupCacheWait { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>While OCI is online, a list whose cache was last fetched longer ago than this is Degraded. Default 5 min.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan CacheStaleAfter { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>The attributes of <see cref="HealthOptions"/>, nested sections included, checked by generated code at start.</summary>
[OptionsValidator]
public sealed partial class HealthOptionsAnnotationsValidator : IValidateOptions<HealthOptions>;
