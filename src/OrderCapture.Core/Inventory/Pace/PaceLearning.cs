namespace OrderCapture.Core.Inventory.Pace;

/// <summary>
/// What one delta record teaches about the pace of the other channels. Both stores call
/// this with what they read; neither states the rule itself.
/// </summary>
public static class PaceLearning
{
    /// <summary>
    /// A SKU's ATO went from <paramref name="previousAto"/> to <paramref name="newAto"/> between the
    /// last observation (or <paramref name="baselineAt"/>, when the list was last exported, whichever
    /// is later) and <paramref name="at"/>. Of the fall, <paramref name="ownReserved"/> is ours
    /// (reservations we confirmed in that interval); the rest the other channels took. A rise
    /// (restock, return, a cancel) is not negative consumption: it counts as time with nothing taken.
    /// </summary>
    public static PaceState Observe(PaceState? previous, DateTimeOffset baselineAt, decimal previousAto, decimal newAto, decimal ownReserved,
        DateTimeOffset at, TimeSpan window)
    {
        var intervalStart = IntervalStart(previous, baselineAt);
        var seconds = Math.Max(0, (at - intervalStart).TotalSeconds);
        var taken = (double)Math.Max(0, previousAto - newAto - ownReserved);
        if (previous is null)
        {
            return new PaceState(taken, seconds, at);
        }

        var decay = Math.Exp(-Math.Max(0, (at - previous.ObservedAt).TotalSeconds) / window.TotalSeconds);
        return new PaceState((previous.DecayedUnits * decay) + taken, (previous.DecayedSeconds * decay) + seconds, at);
    }

    /// <summary>Where an observation's interval starts: own reservations confirmed after this (and at or before the poll) are ours.</summary>
    public static DateTimeOffset IntervalStart(PaceState? previous, DateTimeOffset baselineAt) =>
        previous is null || previous.ObservedAt < baselineAt ? baselineAt : previous.ObservedAt;
}

/// <summary>A delta poll as pace learning sees it: when it began, and the averaging window.</summary>
public sealed record PaceObservation(DateTimeOffset At, TimeSpan Window);

/// <summary>
/// What a store read for one delta record: the cached ATO before it (null: a SKU new to the cache),
/// when the list's current export was taken (null: before pace was kept), the SKU's pace so far, and
/// the quantity of our reservations confirmed since <see cref="PaceLearning.IntervalStart"/>.
/// </summary>
public sealed record PaceInput(string ListId, string Sku, decimal? PreviousAto, decimal NewAto, DateTimeOffset? BaselineAt, PaceState? Previous, decimal OwnReserved)
{
    /// <summary>The pace to store: learned when there is a before to compare with, else a baseline that counts nothing.</summary>
    public PaceState Learn(PaceObservation observation) => PreviousAto is { } before && BaselineAt is { } baseline
        ? PaceLearning.Observe(Previous, baseline, before, NewAto, OwnReserved, observation.At, observation.Window)
        : Previous ?? new PaceState(0, 0, observation.At);
}
