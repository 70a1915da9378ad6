using OrderCapture.Core.Inventory.Pace;
using OrderCapture.Core.Storage;

namespace OrderCapture.Core.Tests.Inventory.Pace;

/// <summary>The headroom rule and the pace arithmetic, as plain functions.</summary>
public sealed class OfflineHeadroomTests
{
    private static readonly DateTimeOffset Fresh = new(2026, 2, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    // 60 units an hour, measured over the hour before the cache was last fresh.
    private static readonly PaceState SixtyAnHour = new(60, 3600, Fresh);

    private static readonly OfflineHeadroomOptions Pace = new() { Mode = OfflineHeadroomMode.Pace, Factor = 1, PaceWindow = Week };

    private static AvailabilityView View(decimal ato, decimal held = 0, PaceState? pace = null) => new("L", "SKU", ato, held, Fresh, pace ?? SixtyAnHour);

    [Test]
    public void Headroom_grows_with_the_time_since_the_cache_was_fresh()
    {
        var units = new[] { 0, 5, 10, 20 }.Select(minutes => OfflineHeadroom.Units(View(100), Fresh.AddMinutes(minutes), Pace)).ToList();

        Assert.That(units, Is.EqualTo(new[] { 0m, 5m, 10m, 20m }));
    }

    [Test]
    public void Headroom_never_exceeds_the_cached_ATO_and_the_effective_ATO_never_falls_below_zero()
    {
        var view = View(ato: 25, held: 20);

        Assert.Multiple(() =>
        {
            Assert.That(OfflineHeadroom.Units(view, Fresh.AddHours(5), Pace), Is.EqualTo(25m));
            Assert.That(OfflineHeadroom.EffectiveAto(view, Fresh.AddHours(5), Pace), Is.Zero);
            Assert.That(OfflineHeadroom.EffectiveAto(View(ato: 0), Fresh.AddHours(1), Pace), Is.Zero);
        });
    }

    [Test]
    public void Off_no_pace_or_a_clock_before_the_fetch_leave_no_headroom()
    {
        var off = new OfflineHeadroomOptions { Mode = OfflineHeadroomMode.Off };

        Assert.Multiple(() =>
        {
            Assert.That(OfflineHeadroom.EffectiveAto(View(10, held: 3), Fresh.AddHours(1), off), Is.EqualTo(View(10, held: 3).EffectiveAto));
            Assert.That(OfflineHeadroom.Units(View(10), Fresh.AddHours(1), null), Is.Zero);
            Assert.That(OfflineHeadroom.Units(new AvailabilityView("L", "SKU", 10, 0, Fresh), Fresh.AddHours(1), Pace), Is.Zero);
            Assert.That(OfflineHeadroom.Units(View(10), Fresh.AddMinutes(-5), Pace), Is.Zero);
        });
    }

    [Test]
    public void The_factor_scales_the_expected_consumption_and_fractions_of_a_unit_round_to_the_nearest()
    {
        var doubled = new OfflineHeadroomOptions { Mode = OfflineHeadroomMode.Pace, Factor = 2, PaceWindow = Week };

        Assert.Multiple(() =>
        {
            Assert.That(OfflineHeadroom.Units(View(100), Fresh.AddMinutes(10), doubled), Is.EqualTo(20m));
            Assert.That(OfflineHeadroom.Units(View(100), Fresh.AddSeconds(80), Pace), Is.EqualTo(1m)); // 1.33 expected
            Assert.That(OfflineHeadroom.Units(View(100), Fresh.AddSeconds(100), Pace), Is.EqualTo(2m)); // 1.67 expected
            Assert.That(OfflineHeadroom.Units(View(100), Fresh.AddSeconds(20), Pace), Is.Zero); // a third of a unit
        });
    }

    [Test]
    public void Falls_count_rises_do_not_and_our_own_reservations_are_taken_out()
    {
        var start = Fresh;
        var afterFall = PaceLearning.Observe(null, start, previousAto: 100, newAto: 90, ownReserved: 0, start.AddMinutes(10), Week);
        var afterOwn = PaceLearning.Observe(afterFall, start, previousAto: 90, newAto: 80, ownReserved: 6, start.AddMinutes(20), Week);
        var afterRise = PaceLearning.Observe(afterOwn, start, previousAto: 80, newAto: 130, ownReserved: 0, start.AddMinutes(30), Week);

        Assert.Multiple(() =>
        {
            Assert.That(afterFall.DecayedUnits, Is.EqualTo(10).Within(0.01));
            Assert.That(afterOwn.DecayedUnits, Is.EqualTo(14).Within(0.02));
            Assert.That(afterRise.DecayedUnits, Is.EqualTo(14).Within(0.03), "a restock is not negative consumption");
            Assert.That(afterRise.DecayedSeconds, Is.EqualTo(1800).Within(2), "but its time counts");
            Assert.That(afterRise.PerHourAt(afterRise.ObservedAt, Week), Is.EqualTo(28).Within(0.1));
        });
    }

    [Test]
    public void Quiet_time_after_the_last_change_lowers_the_pace_and_old_consumption_fades()
    {
        var pace = new PaceState(60, 3600, Fresh);
        var hour = TimeSpan.FromHours(1);

        Assert.Multiple(() =>
        {
            Assert.That(pace.PerHourAt(Fresh, Week), Is.EqualTo(60).Within(0.01));
            Assert.That(pace.PerHourAt(Fresh.AddHours(1), Week), Is.EqualTo(30).Within(0.3), "an hour without a change halves it");
            Assert.That(pace.PerHourAt(Fresh.AddHours(6), hour), Is.LessThan(1), "six windows later it has faded");
        });
    }

    [Test]
    public void A_pace_is_not_measured_over_less_than_a_minute()
    {
        var burst = PaceLearning.Observe(null, Fresh, previousAto: 10, newAto: 9, ownReserved: 0, Fresh.AddSeconds(1), Week);

        Assert.That(burst.PerHourAt(burst.ObservedAt, Week), Is.EqualTo(60).Within(0.1));
    }
}
