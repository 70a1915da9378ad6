using Polly.CircuitBreaker;

namespace OrderCapture.Core.Oci;

/// <summary>
/// The OCI circuit breaker's state, observable and subscribable, so connectivity can follow
/// it without knowing Polly. One per process: every OCI call shares it.
/// </summary>
public sealed class OciCircuit
{
    /// <summary>Handed to the breaker of the OCI client's pipeline (OrderCapture.Oci), which owns it.</summary>
    public CircuitBreakerStateProvider StateProvider { get; } = new();

    /// <summary>Raised after the breaker opens (true) or closes (false).</summary>
    public event Action<bool>? OpenChanged;

    public CircuitState State => StateProvider.CircuitState;

    public bool IsOpen => State is CircuitState.Open or CircuitState.Isolated;

    /// <summary>Called by that pipeline when its breaker opens or closes.</summary>
    public void RaiseOpenChanged(bool open) => OpenChanged?.Invoke(open);
}
