using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OrderCapture.Core.Telemetry;

/// <summary>
/// The worker's own instruments, on one meter (<see cref="MeterName"/>) and one activity source.
/// Counters and histograms are recorded where the work happens; the gauges read the latest
/// <see cref="StateSnapshot"/>, which <see cref="MetricsSampler"/> refreshes from the store, so a
/// scrape never queries the database. Exported by OpenTelemetry (Prometheus <c>/metrics</c>, OTLP).
/// </summary>
public sealed class OrderCaptureMetrics : IDisposable
{
    public const string MeterName = "OrderCapture";

    /// <summary>Spans for online attempts and OCI calls, tagged with the order and the Correlation-ID.</summary>
    public static readonly ActivitySource ActivitySource = new(MeterName);

    private readonly Counter<long> _captured;
    private readonly Histogram<double> _captureDuration;
    private readonly Counter<long> _reconciled;
    private readonly Histogram<double> _reconciliationDuration;
    private readonly Counter<long> _ociCalls;
    private readonly Histogram<double> _mergeDuration;
    private readonly Meter _meter;
    private volatile StateSnapshot _state = StateSnapshot.Empty;

    private readonly ActivityTimeline? _timeline;

    public OrderCaptureMetrics(ActivityTimeline? timeline = null)
    {
        _timeline = timeline;
        // One meter per host, disposed with it. OpenTelemetry listens to meters by name across the
        // process, so one host per process (as the service runs) is what /metrics describes.
        var meter = _meter = new Meter(MeterName);
        _captured = meter.CreateCounter<long>("ordercapture.orders.captured", "{order}", "Orders answered, by path (online, offline) and outcome");
        _captureDuration = meter.CreateHistogram<double>("ordercapture.capture.duration", "s", "Time to answer POST /api/orders, by path",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 2.5, 5, 10] });
        _reconciled = meter.CreateCounter<long>("ordercapture.reconciliation.orders", "{order}", "Orders classified by reconciliation, by outcome");
        _reconciliationDuration = meter.CreateHistogram<double>("ordercapture.reconciliation.duration", "s", "Duration of reconciliation runs that did work");
        _ociCalls = meter.CreateCounter<long>("ordercapture.oci.calls", "{call}", "HTTP exchanges with OCI, by operation and status (or error)");
        _mergeDuration = meter.CreateHistogram<double>("ordercapture.merge.duration", "s", "Duration of merges into daily files");
        meter.CreateObservableGauge("ordercapture.queue.depth", () => _state.QueueDepth, "{order}", "Orders Reservation Missing");
        meter.CreateObservableGauge("ordercapture.queue.oldest_age", () => _state.OldestQueuedAge.TotalSeconds, "s", "Age of the oldest Reservation Missing order");
        meter.CreateObservableGauge("ordercapture.outbox.backlog", () => _state.Outbox.Select(o => new Measurement<long>(o.Count, new KeyValuePair<string, object?>("kind", o.Kind))), "{message}", "Undelivered outbox messages, by kind");
        meter.CreateObservableGauge("ordercapture.outbox.oldest_age", () => _state.Outbox.Select(o => new Measurement<double>(o.OldestAge.TotalSeconds, new KeyValuePair<string, object?>("kind", o.Kind))), "s", "Age of the oldest undelivered message, by kind");
        meter.CreateObservableGauge("ordercapture.cache.age", () => _state.CacheAges.Select(c => new Measurement<double>(c.Age.TotalSeconds, new KeyValuePair<string, object?>("list", c.List))), "s", "Time since each inventory list's cache was last fetched (delta lag)");
        meter.CreateObservableGauge("ordercapture.oci.breaker_open", () => _state.BreakerOpen ? 1 : 0, description: "1 while the circuit breaker over OCI calls is open");
        meter.CreateObservableGauge("ordercapture.oci.state", () => new Measurement<int>(1, new KeyValuePair<string, object?>("state", _state.OciState)), description: "1 for the current OCI connectivity state (online, offline, recovering)");
    }

    public void Captured(string path, string outcome, TimeSpan duration)
    {
        _captured.Add(1, new("path", path), new("outcome", outcome));
        _timeline?.Captured(outcome);
        _captureDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("path", path));
    }

    public void Reconciled(string outcome, int count)
    {
        if (count > 0)
        {
            _reconciled.Add(count, new KeyValuePair<string, object?>("outcome", outcome));
            _timeline?.Reconciled(count);
        }
    }

    public void ReconciliationRan(TimeSpan duration) => _reconciliationDuration.Record(duration.TotalSeconds);

    public void OciCall(string operation, string status) => _ociCalls.Add(1, new("operation", operation), new("status", status));

    public void Merged(TimeSpan duration) => _mergeDuration.Record(duration.TotalSeconds);

    public void Observe(StateSnapshot state) => _state = state;

    public void Dispose() => _meter.Dispose();
}

/// <summary>What the gauges show, read from the store by <see cref="MetricsSampler"/>.</summary>
public sealed record StateSnapshot(
    long QueueDepth,
    TimeSpan OldestQueuedAge,
    IReadOnlyList<(string Kind, long Count, TimeSpan OldestAge)> Outbox,
    IReadOnlyList<(string List, TimeSpan Age)> CacheAges,
    bool BreakerOpen,
    string OciState)
{
    public static readonly StateSnapshot Empty = new(0, TimeSpan.Zero, [], [], false, "online");
}
