using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrderCapture.Core.Inventory;

/// <summary>Section <c>Inventory</c>: how the availability cache is kept current.</summary>
public sealed class InventoryOptions
{
    public const string SectionName = "Inventory";

    /// <summary>Time between delta polls. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan DeltaPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often the location graph (which locations each group holds) is read again from OCI,
    /// besides every full rebuild of the cache. A store added to a group or closed is taken into
    /// account at the next read, without a restart. Default 1 h.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan LocationGraphRefresh { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// After a 429 reaches the cache sync, no pass calls OCI until its <c>Retry-After</c> has passed,
    /// but for no longer than this (a runaway Retry-After must not freeze the cache). Default 1 min.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan LongestRateLimitPause { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>The attributes of <see cref="InventoryOptions"/>, nested sections included, checked by generated code at start.</summary>
[OptionsValidator]
public sealed partial class InventoryOptionsAnnotationsValidator : IValidateOptions<InventoryOptions>;
