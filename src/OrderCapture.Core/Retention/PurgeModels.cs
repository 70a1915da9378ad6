namespace OrderCapture.Core.Retention;

/// <summary>What to purge: everything finished before these instants, <paramref name="BatchSize"/> rows per transaction.</summary>
public sealed record PurgeCutoffs(DateTimeOffset Orders, DateTimeOffset DeliveredOutbox, DateTimeOffset Alerts, DateTimeOffset Connectivity, int BatchSize)
{
    public static PurgeCutoffs From(RetentionOptions options, DateTimeOffset now) => new(
        now - options.Orders, now - options.DeliveredOutbox, now - options.Alerts, now - options.ConnectivityHistory, options.BatchSize);
}

/// <summary>What one purge removed.</summary>
public sealed record PurgeResult(long Orders, long DeliveredOutbox, long Alerts, long ConnectivityTransitions, int DailyFiles)
{
    public override string ToString() =>
        $"{Orders} order(s), {DeliveredOutbox} delivered outbox row(s), {Alerts} alert(s), {ConnectivityTransitions} connectivity transition(s), {DailyFiles} daily file(s)";
}

/// <summary>The store side of retention: batched deletes, forward only, never anything unfinished.</summary>
public interface IRetentionStore
{
    /// <summary>Deletes what is past the cutoffs, in transactions of at most <see cref="PurgeCutoffs.BatchSize"/> rows; reclaims the space where the store can.</summary>
    Task<PurgeResult> PurgeAsync(PurgeCutoffs cutoffs, CancellationToken cancellationToken);
}
