using System.Threading.Channels;
using Microsoft.Extensions.Options;
using OrderCapture.Core.Alerts;
using OrderCapture.Core.Oci;
using OrderCapture.Core.Storage;

namespace OrderCapture.Core.Connectivity;

/// <summary>
/// Online → Offline on an outage (any OCI call, or the circuit opening); Offline → Recovering
/// after N consecutive good probes; Recovering → Online once the Reservation Missing queue is
/// empty. Every transition is stored and alerted; the state survives a restart.
/// </summary>
public sealed class OciConnectivity : IDisposable
{
    private readonly IConnectivityLog _store;
    private readonly AlertPublisher _alerts;
    private readonly TimeProvider _timeProvider;
    private readonly OciCircuit _circuit;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Channel<string> _circuitSignals = Channel.CreateBounded<string>(new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest });
    private int _goodProbes;

    private readonly int _probeSuccessThreshold;

    public OciConnectivity(IConnectivityLog store, AlertPublisher alerts, TimeProvider timeProvider, OciCircuit circuit, IOptions<ConnectivityOptions> options)
    {
        _probeSuccessThreshold = options.Value.ProbeSuccessThreshold;
        _store = store;
        _alerts = alerts;
        _timeProvider = timeProvider;
        _circuit = circuit;
        Since = timeProvider.GetUtcNow();
        _circuit.OpenChanged += OnCircuitChanged;
    }

    public ConnectivityState State { get; private set; } = ConnectivityState.Online;

    public DateTimeOffset Since { get; private set; }

    /// <summary>Raised after a transition is stored (e.g. entering Recovering starts reconciliation).</summary>
    public event Func<ConnectivityTransition, CancellationToken, Task>? Changed;

    /// <summary>Signals from the circuit breaker, read by the monitor loop (events cannot await).</summary>
    internal ChannelReader<string> CircuitSignals => _circuitSignals.Reader;

    /// <summary>Restores the last stored state: a worker restarted during an outage starts offline.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (await _store.LastTransitionAsync(cancellationToken).ConfigureAwait(false) is { } last)
        {
            State = last.To;
            Since = last.At;
        }
    }

    public Task ReportOutageAsync(string reason, CancellationToken cancellationToken) =>
        State == ConnectivityState.Offline ? Task.CompletedTask : MoveAsync(ConnectivityState.Offline, $"OCI unreachable: {reason}", only: null, cancellationToken);

    /// <summary>Counts a probe; enough good ones in a row end the outage.</summary>
    public async Task ReportProbeAsync(bool good, CancellationToken cancellationToken)
    {
        if (State != ConnectivityState.Offline)
        {
            return;
        }

        _goodProbes = good ? _goodProbes + 1 : 0;
        if (_goodProbes >= _probeSuccessThreshold)
        {
            await MoveAsync(ConnectivityState.Recovering, $"{_goodProbes} consecutive good probes", ConnectivityState.Offline, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Offline → Recovering when real work (not a probe) has just reached OCI.</summary>
    public Task ReportReachedAsync(string reason, CancellationToken cancellationToken) =>
        State == ConnectivityState.Offline
            ? MoveAsync(ConnectivityState.Recovering, reason, ConnectivityState.Offline, cancellationToken)
            : Task.CompletedTask;

    /// <summary>Recovering → Online, once nothing is left to reconcile.</summary>
    public Task ReportQueueEmptyAsync(CancellationToken cancellationToken) =>
        State == ConnectivityState.Recovering
            ? MoveAsync(ConnectivityState.Online, "Reservation Missing queue is empty", ConnectivityState.Recovering, cancellationToken)
            : Task.CompletedTask;

    private async Task MoveAsync(ConnectivityState to, string reason, ConnectivityState? only, CancellationToken cancellationToken)
    {
        ConnectivityTransition transition;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (State == to || (only is { } required && State != required))
            {
                return;
            }

            transition = new ConnectivityTransition(_timeProvider.GetUtcNow(), State, to, reason);
            await _store.RecordTransitionAsync(transition, cancellationToken).ConfigureAwait(false);
            (State, Since, _goodProbes) = (to, transition.At, 0);
        }
        finally
        {
            _gate.Release();
        }

        var (severity, kind) = to switch
        {
            ConnectivityState.Offline => (AlertSeverity.Critical, AlertKinds.OciOffline),
            ConnectivityState.Recovering => (AlertSeverity.Warning, AlertKinds.OciRecovering),
            _ => (AlertSeverity.Info, AlertKinds.OciOnline),
        };
        await _alerts.RaiseAsync(severity, kind, $"OCI {transition.From} → {to}: {reason}", cancellationToken: cancellationToken).ConfigureAwait(false);
        if (Changed is { } handlers)
        {
            foreach (var handler in handlers.GetInvocationList().Cast<Func<ConnectivityTransition, CancellationToken, Task>>())
            {
                await handler(transition, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void OnCircuitChanged(bool open)
    {
        if (open)
        {
            _circuitSignals.Writer.TryWrite("circuit breaker opened");
        }
    }

    public void Dispose()
    {
        _circuit.OpenChanged -= OnCircuitChanged;
        _gate.Dispose();
    }
}
