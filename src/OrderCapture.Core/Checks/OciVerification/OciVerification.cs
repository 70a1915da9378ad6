using OrderCapture.Core.Oci.Contracts;

namespace OrderCapture.Core.Checks.OciVerification;

/// <summary>How a <c>check --verify-oci</c> run came out.</summary>
public abstract record OciVerificationOutcome
{
    private OciVerificationOutcome()
    {
    }

    /// <summary>
    /// The run compared every settled order captured in [<paramref name="From"/>, <paramref name="To"/>]
    /// with OCI. <paramref name="Unsettled"/> orders were not judged (in flight, queued, under review,
    /// cancel on its way, or changed while the check ran); the next run starts at <paramref name="NextFrom"/>.
    /// </summary>
    public sealed record Completed(
        DateTimeOffset From,
        DateTimeOffset To,
        long Documents,
        long Judged,
        long Unsettled,
        IReadOnlyList<Finding> Findings,
        DateTimeOffset NextFrom) : OciVerificationOutcome;

    /// <summary>OCI could not be asked (down, refused, or an export that did not verify); nothing was judged.</summary>
    public sealed record OciUnavailable(string Reason) : OciVerificationOutcome;
}

/// <summary>The documents of one reservations export, open and closed, by reservation id.</summary>
internal sealed class DocumentSnapshot
{
    public Dictionary<string, ReservationDocument> Open { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ReservationDocument> Closed { get; } = new(StringComparer.Ordinal);

    public long Count => Open.Count + Closed.Count;

    /// <summary>The document an order's id names: the open one if OCI has one, else a closed one, else none.</summary>
    public ReservationDocument? For(string reservationId) =>
        Open.GetValueOrDefault(reservationId) ?? Closed.GetValueOrDefault(reservationId);
}
