namespace OrderCapture.Core.Inventory.Pace;

/// <summary>
/// How fast other channels take a SKU's stock at one inventory list, as a decayed average: units
/// they took and the time over which they took them, each shrunk by e^(−age / window), as of
/// <paramref name="ObservedAt"/> (the delta poll that last saw the SKU change).
/// </summary>
public sealed record PaceState(double DecayedUnits, double DecayedSeconds, DateTimeOffset ObservedAt)
{
    /// <summary>
    /// No pace is measured over less than this: one unit gone within a second of the baseline is
    /// not 3,600 units an hour.
    /// </summary>
    public static readonly TimeSpan MinimumEvidence = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Units per hour as of <paramref name="asOf"/>: a poll at <paramref name="asOf"/> that did not
    /// see the SKU change means nothing was taken since <see cref="ObservedAt"/>, which counts as
    /// time with no consumption. Pass the moment the cache was last fresh, never "now" during an
    /// outage: time without data is not time without sales.
    /// </summary>
    public double PerHourAt(DateTimeOffset asOf, TimeSpan window)
    {
        var quiet = Math.Max(0, (asOf - ObservedAt).TotalSeconds);
        var decay = Math.Exp(-quiet / window.TotalSeconds);
        var seconds = Math.Max((DecayedSeconds * decay) + quiet, MinimumEvidence.TotalSeconds);
        return DecayedUnits * decay / seconds * 3600;
    }
}
