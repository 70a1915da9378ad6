namespace OrderCapture.Core.Telemetry;

/// <summary>
/// One minute of the service's day, for the status page's 24-hour charts: orders answered online
/// (reserved), offline (Reservation Missing) and refused (409), orders reconciled, and the queue
/// depth and OCI state last seen in that minute. Instances of a cluster add their counts up.
/// </summary>
public sealed record ActivityMinute(DateTimeOffset Minute, long Online, long Offline, long Refused, long Reconciled, long QueueDepth, string OciState);

/// <summary>
/// Counts what happens between two samples (lock-free) and hands the counts over as one minute's
/// increments; <see cref="MetricsSampler"/> writes them to the store with the queue depth and OCI
/// state. Counts taken in a minute that has ended are written to the minute of the sample, which
/// is at most one sample interval (5 s) late.
/// </summary>
public sealed class ActivityTimeline
{
    /// <summary>How much history the store keeps; the page shows the last 24 h of it.</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromHours(48);

    private long _online;
    private long _offline;
    private long _refused;
    private long _reconciled;
    private int _worstState; // a ConnectivityState, Online < Recovering < Offline by how bad

    /// <summary>An answer to <c>POST /api/orders</c>, by <see cref="Capture.OrderCaptureService"/>'s outcome names.</summary>
    public void Captured(string outcome)
    {
        switch (outcome)
        {
            case "reserved":
                Interlocked.Increment(ref _online);
                break;
            case "reservation_missing":
                Interlocked.Increment(ref _offline);
                break;
            case "insufficient":
                Interlocked.Increment(ref _refused);
                break;
        }
    }

    public void Reconciled(int count) => Interlocked.Add(ref _reconciled, count);

    /// <summary>A connectivity transition: an outage shorter than a sample still marks its minute.</summary>
    public void Seen(Storage.ConnectivityState state)
    {
        int worst;
        do
        {
            worst = Volatile.Read(ref _worstState);
        }
        while (Badness(state) > Badness((Storage.ConnectivityState)worst) && Interlocked.CompareExchange(ref _worstState, (int)state, worst) != worst);
    }

    /// <summary>
    /// The counts since the last call, as the increments of the minute that holds <paramref name="now"/>;
    /// the OCI state is the worst of <paramref name="current"/> and any seen since the last call.
    /// </summary>
    public ActivityMinute TakeMinute(DateTimeOffset now, long queueDepth, Storage.ConnectivityState current)
    {
        var seen = (Storage.ConnectivityState)Interlocked.Exchange(ref _worstState, (int)Storage.ConnectivityState.Online);
        var state = Badness(seen) > Badness(current) ? seen : current;
        return new(
            new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero),
            Interlocked.Exchange(ref _online, 0), Interlocked.Exchange(ref _offline, 0), Interlocked.Exchange(ref _refused, 0),
            Interlocked.Exchange(ref _reconciled, 0), queueDepth, state.ToString().ToLowerInvariant());
    }

    private static int Badness(Storage.ConnectivityState state) => state switch
    {
        Storage.ConnectivityState.Offline => 2,
        Storage.ConnectivityState.Recovering => 1,
        _ => 0,
    };
}
