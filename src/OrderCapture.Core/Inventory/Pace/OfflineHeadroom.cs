using OrderCapture.Core.Storage;

namespace OrderCapture.Core.Inventory.Pace;

/// <summary>The headroom rule, one function for both stores, the API and the status page.</summary>
public static class OfflineHeadroom
{
    /// <summary>
    /// Units of <paramref name="view"/>'s cached ATO that an order taken offline at <paramref name="at"/>
    /// must leave to the other channels: what they are expected to have taken since the cache was last
    /// fresh, times the factor, never more than the cached ATO and never below zero. Rounded to the
    /// nearest whole unit: stock moves in units, and a third of a sale expected elsewhere does not
    /// refuse one here.
    /// </summary>
    public static decimal Units(AvailabilityView view, DateTimeOffset at, OfflineHeadroomOptions? options)
    {
        if (options is not { Mode: OfflineHeadroomMode.Pace } || view.Pace is null || view.AsOf is not { } freshAt || at <= freshAt)
        {
            return 0;
        }

        var expected = view.Pace.PerHourAt(freshAt, options.PaceWindow) * (at - freshAt).TotalHours * options.Factor;
        var units = expected >= (double)decimal.MaxValue ? decimal.MaxValue : Math.Round((decimal)expected, MidpointRounding.AwayFromZero);
        return Math.Clamp(units, 0, Math.Max(0, view.Ato));
    }

    /// <summary>What an offline order may take: cached ATO − holds − headroom, never below zero.</summary>
    public static decimal EffectiveAto(AvailabilityView view, DateTimeOffset at, OfflineHeadroomOptions? options) =>
        Math.Max(0, view.Ato - view.Held - Units(view, at, options));
}
