using System.ComponentModel.DataAnnotations;

namespace OrderCapture.Core.Inventory.Pace;

public enum OfflineHeadroomMode
{
    /// <summary>Offline orders may take every cached unit that holds do not keep back (before issue 17).</summary>
    Off,

    /// <summary>Offline orders leave the other channels what their measured pace says they took since the cache was fresh.</summary>
    Pace,
}

/// <summary>
/// Section <c>Capture:OfflineHeadroom</c>: how much of the cached ATO an outage leaves to the other
/// channels (stores, marketplaces, Order Management keep reserving at OCI while we cannot see it).
/// </summary>
public sealed class OfflineHeadroomOptions
{
    /// <summary><c>Off</c> | <c>Pace</c>. Default <c>Pace</c>. Online capture is the same either way.</summary>
    public OfflineHeadroomMode Mode { get; set; } = OfflineHeadroomMode.Pace;

    /// <summary>
    /// Headroom = min(cached ATO, pace × time since the cache was fresh × this), in whole units.
    /// Default 1.0: expected consumption, no more; docs/benchmarks.md ("oversell") shows why.
    /// </summary>
    [Range(0.0, 10.0)]
    public double Factor { get; set; } = 1.0;

    /// <summary>
    /// The pace is a decayed average: consumption this long ago weighs e⁻¹ as much as now. Default
    /// 1 h: long enough to see a slow SKU sell, short enough to follow the day's rhythm.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan PaceWindow { get; set; } = TimeSpan.FromHours(1);
}
