using System.ComponentModel.DataAnnotations;

namespace OrderCapture.Core.Inventory.Pace;

public enum OfflineHeadroomMode
{
    /// <summary>Offline orders may take every cached unit that holds do not keep back: nothing is kept back for them.</summary>
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
    /// Default 1.5: an order taken early in an outage competes with the other channels until
    /// recovery, not only until it is taken, so expected consumption so far (1.0) is too little;
    /// in the <c>oversell</c> benchmark 1.5 is where one more oversold order prevented starts to
    /// cost more than one sale lost (docs/benchmarks.md).
    /// </summary>
    [Range(0.0, 10.0)]
    public double Factor { get; set; } = 1.5;

    /// <summary>
    /// The pace is a decayed average: consumption this long ago weighs e⁻¹ as much as now. Default
    /// 1 h: long enough to see a slow SKU sell, short enough to follow the day's rhythm.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan PaceWindow { get; set; } = TimeSpan.FromHours(1);
}
